/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_k8s_rbac.c - the Kubernetes RBAC rule family (BH3101-BH3199),
 * practice rbac-least-privilege.
 *
 * This file owns the rows and checks that judge what Roles and
 * ClusterRoles grant (wildcards; escalate, bind, impersonate and token
 * minting; reading Secrets; exec, attach and ephemeral containers;
 * nodes/proxy; creating workloads; writing admission webhook
 * configurations and network objects), what bindings grant to whom
 * (cluster-admin, admin or edit cluster-wide; the system:anonymous,
 * system:unauthenticated, system:authenticated, system:serviceaccounts
 * and system:masters groups) and ServiceAccounts that mount their token
 * by default.  Pod-level token mounting is BH3041 (rules_k8s.c).
 *
 * It reads the RBAC view of the Kubernetes model (src/model/k8s_rbac.h:
 * every document of a file and every item of a List, wrong shapes read as
 * absent, aggregated ClusterRoles without rules of their own).  Each
 * check reports once per rules: entry (or binding, subject,
 * ServiceAccount), at what grants it: the "*" verb, resource or API
 * group, the verb, the resource, the roleRef name, the subject's name
 * (a ServiceAccount at its automountServiceAccountToken key, else its
 * kind:).  The four wildcard
 * rules exclude each other (one finding per entry, the most severe); the
 * specific rules (Secrets, exec, workloads...) count a "*" verb, as a
 * "*" verb grants them, but not a "*" resource, which the wildcard rules
 * report.  An entry confined by resourceNames to named objects is not
 * judged by the specific rules: granting named objects only is the
 * least-privilege form they ask for.
 *
 * Tests: tests/cases/kubernetes/BH31xx-*.case,
 * tests/cases/kubernetes/rbac-bad-shapes.case,
 * tests/cases/kubernetes/rbac-ignore-pragma.case.
 */
#include "families.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../model/k8s_rbac.h"

#define RBAC(id_, sev_)                                                     \
	.id = id_, .severity = sev_, .practice = "rbac-least-privilege",    \
	.target = BH_TARGET_K8S

/* ---- reporting ---- */

/* One finding per rule and position: a node reached twice (a YAML alias)
 * is reported once (bh_reported_at). */
static bool already(const struct bh_check *c, const struct bh_rule *r,
		    struct bh_span span)
{
	return bh_reported_at(c, r, span, 64);
}

static void rep(struct bh_check *c, const struct bh_rule *r,
		const struct k8s_object *o, const struct yml_node *at,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void rep(struct bh_check *c, const struct bh_rule *r,
		const struct k8s_object *o, const struct yml_node *at,
		const char *fmt, ...)
{
	struct bh_span span = at ? k8s_span(o, at) : k8s_val_span(&o->kind_v);
	if (already(c, r, span))
		return;
	/* formatted once, cut as a 1024-byte buffer cuts it */
	va_list ap;
	va_start(ap, fmt);
	bh_vreport_cut(c, r, span, (struct bh_span){ 0, 0, 0, 0 }, 1024, fmt,
		       ap);
	va_end(ap);
}

/* "ClusterRole \"x\"" */
static const char *obj_name(struct bh_check *c, const struct k8s_object *o)
{
	const char *s = arena_printf(c->arena, "%.40s \"%.80s\"", o->kind,
				     o->name);
	return s ? s : "object";
}

#define FOR_RULES(c, o, ru)                                                 \
	for (size_t oi_ = 0; oi_ < (c)->k8s->nobjects; oi_++)               \
		for (const struct k8s_object *o = &(c)->k8s->objects[oi_];  \
		     o; o = NULL)                                            \
			for (size_t ri_ = 0; ri_ < k8s_rbac_nrules(o); ri_++) \
				for (struct k8s_rbac_rule ru,               \
				     *once_ = &ru;                           \
				     once_ && k8s_rbac_rule_at(o, ri_, &ru);  \
				     once_ = NULL)

/* ---- what an entry grants ---- */

/* An API group of Kubernetes itself: the core group "", a name without
 * a dot (apps, batch, policy...) or one under k8s.io / kubernetes.io
 * (custom resources must use a dotted group of their own).  The
 * aggregated metrics APIs (metrics.k8s.io, custom.metrics.k8s.io,
 * external.metrics.k8s.io) serve read-only numbers, not objects: they
 * do not count. */
static bool builtin_group(const char *g)
{
	size_t n = strlen(g);
	if (!strchr(g, '.'))
		return true;
	if (!strcmp(g, "metrics.k8s.io") ||
	    (n >= 15 && !strcmp(g + n - 15, ".metrics.k8s.io")))
		return false;
	return (n >= 7 && !strcmp(g + n - 7, ".k8s.io")) ||
	       (n >= 14 && !strcmp(g + n - 14, ".kubernetes.io"));
}

/* Whether the entry reaches a built-in API group (or any group). */
static bool reaches_builtin(const struct k8s_rbac_rule *ru)
{
	if (!ru->api_groups)
		return !yml_get(ru->node, "apiGroups");
	for (size_t i = 0; i < ru->api_groups->n; i++) {
		const struct yml_node *g = ru->api_groups->items[i];
		if (!yml_is_scalar(g))
			continue;
		if (yml_is_null(g) || builtin_group(g->str))
			return true;
	}
	return false;
}

/* The verbs item that grants one of "verbs" (NULL-terminated): "*"
 * first when "star", else the first of "verbs" named; NULL when none. */
static const struct yml_node *grants_verb(const struct k8s_rbac_rule *ru,
					  const char *const *verbs, bool star)
{
	if (star) {
		const struct yml_node *v = k8s_rbac_find(ru->verbs, "*");
		if (v)
			return v;
	}
	for (size_t i = 0; verbs[i]; i++) {
		const struct yml_node *v = k8s_rbac_find(ru->verbs, verbs[i]);
		if (v)
			return v;
	}
	return NULL;
}

/* The verbs of "verbs" the entry names (and "*" when "with_star"),
 * joined: "get, list". */
static const char *verb_list(struct bh_check *c,
			     const struct k8s_rbac_rule *ru,
			     const char *const *verbs, bool with_star)
{
	char buf[256] = "";
	size_t n = 0;
	if (with_star && k8s_rbac_find(ru->verbs, "*"))
		n += (size_t)snprintf(buf, sizeof(buf), "*");
	for (size_t i = 0; verbs[i] && n < sizeof(buf); i++)
		if (k8s_rbac_find(ru->verbs, verbs[i]))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
					      n ? ", " : "", verbs[i]);
	const char *s = arena_printf(c->arena, "%s", buf);
	return s ? s : "";
}

/* A resource of Kubernetes and its API groups. */
struct res {
	const char *name;
	const char *groups[3];
};

/* Whether the entry's API groups hold one of those of "rs". */
static bool res_in_group(const struct k8s_rbac_rule *ru, const struct res *rs)
{
	for (size_t g = 0; g < 3 && rs->groups[g]; g++)
		if (k8s_rbac_in_group(ru, rs->groups[g]))
			return true;
	return false;
}

/* The first resources item (in document order) that grants one of
 * "rs" in one of its groups; *found gets the resource. */
static const struct yml_node *grants_res(const struct k8s_rbac_rule *ru,
					 const struct res *rs, size_t n,
					 const struct res **found)
{
	const struct yml_node *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct yml_node *it = k8s_rbac_resource(ru, rs[i].name);
		if (!it || !res_in_group(ru, &rs[i]))
			continue;
		if (!best || it->line < best->line ||
		    (it->line == best->line && it->col < best->col)) {
			best = it;
			*found = &rs[i];
		}
	}
	return best;
}

/* The names of "rs" the entry grants, joined. */
static const char *res_list(struct bh_check *c,
			    const struct k8s_rbac_rule *ru,
			    const struct res *rs, size_t n)
{
	char buf[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof(buf); i++) {
		const struct res *f;
		if (grants_res(ru, &rs[i], 1, &f))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s", len ? ", " : "",
						rs[i].name);
	}
	const char *s = arena_printf(c->arena, "%s", buf);
	return s ? s : "";
}

/* ---- wildcards ---- */

static const struct yml_node *star(const struct yml_node *list)
{
	return k8s_rbac_find(list, "*");
}

/* Whether the entry names a verb at all (the API server rejects an
 * entry without; it grants nothing). */
static bool has_verbs(const struct k8s_rbac_rule *ru)
{
	for (size_t i = 0; ru->verbs && i < ru->verbs->n; i++)
		if (yml_is_scalar(ru->verbs->items[i]) &&
		    !yml_is_null(ru->verbs->items[i]))
			return true;
	return false;
}

/* Which wildcard rule an entry belongs to (1..4 = BH3101..BH3104, 0 =
 * none), and the "*" item to point at. */
static int wildcard_kind(const struct k8s_rbac_rule *ru,
			 const struct yml_node **at)
{
	*at = NULL;
	if (!has_verbs(ru))
		return 0;
	const struct yml_node *v = star(ru->verbs), *r = star(ru->resources);
	const struct yml_node *g = star(ru->api_groups);
	const struct yml_node *u = star(ru->non_resource_urls);
	bool builtin = reaches_builtin(ru);
	bool named = ru->resources && ru->resources->n > 0;
	if (v && r && builtin) {
		*at = v;
		return 1;
	}
	if (v && named && !r && builtin) {
		*at = v;
		return 2;
	}
	if (r && !v && builtin) {
		*at = r;
		return 3;
	}
	*at = v ? v : r ? r : g ? g : u;
	return *at ? 4 : 0;
}

static void check_wildcard(struct bh_check *c, const struct bh_rule *self,
			   int want)
{
	FOR_RULES(c, o, ru) {
		const struct yml_node *at;
		if (wildcard_kind(&ru, &at) != want)
			continue;
		const char *who = obj_name(c, o);
		switch (want) {
		case 1:
			rep(c, self, o, at, "%s grants every verb on every "
			    "resource (verbs and resources \"*\"): cluster-"
			    "admin in all but name", who);
			break;
		case 2:
			rep(c, self, o, at, "%s grants every verb (\"*\") on "
			    "its resources, including ones added to the API "
			    "later", who);
			break;
		case 3:
			rep(c, self, o, at, "%s grants its verbs on every "
			    "resource (\"*\") of its API groups%s", who,
			    k8s_rbac_in_group(&ru, "") ? ", Secrets included"
						       : "");
			break;
		default:
			rep(c, self, o, at, "%s uses a wildcard (\"*\") in a "
			    "rule: it also grants whatever is added to the "
			    "API later", who);
			break;
		}
	}
}

static void check_bh3101(struct bh_check *c, const struct bh_rule *r)
{
	check_wildcard(c, r, 1);
}

static const struct bh_rule rule_bh3101 = {
	RBAC("BH3101", BH_SEV_CRITICAL),
	.title = "RBAC rule grants every verb on every resource",
	.why = "verbs: [\"*\"] on resources: [\"*\"] is the cluster-admin "
	       "role under another name: whoever is bound to it reads every "
	       "Secret, runs privileged pods and rewrites RBAC.",
	.fix = "List the resources and verbs the workload uses (kubectl "
	       "auth can-i --list, or audit logs, show them).",
	.trivy = "KSV-0044, KSV-0046, KSV-0112",
	.checkov = "CKV_K8S_49",
	.other = "kube-linter:wildcard-in-rules",
	.check = check_bh3101,
};

static void check_bh3102(struct bh_check *c, const struct bh_rule *r)
{
	check_wildcard(c, r, 2);
}

static const struct bh_rule rule_bh3102 = {
	RBAC("BH3102", BH_SEV_HIGH),
	.title = "RBAC rule grants every verb (\"*\") on built-in resources",
	.why = "\"*\" includes delete, escalate, bind, impersonate and "
	       "every verb added later; on Kubernetes' own resources that "
	       "is rarely what a workload needs.  Trivy rates it critical "
	       "for sensitive resources; the Secrets, exec and workload "
	       "rules report those at their own grade.",
	.fix = "Replace \"*\" with the verbs used (often get, list, "
	       "watch).",
	.trivy = "KSV-0045",
	.checkov = "CKV_K8S_49",
	.other = "kube-linter:wildcard-in-rules",
	.check = check_bh3102,
};

static void check_bh3103(struct bh_check *c, const struct bh_rule *r)
{
	check_wildcard(c, r, 3);
}

static const struct bh_rule rule_bh3103 = {
	RBAC("BH3103", BH_SEV_HIGH),
	.title = "RBAC rule grants its verbs on every resource (\"*\")",
	.why = "resources: [\"*\"] in a built-in API group covers Secrets, "
	       "pods/exec, RBAC objects and every resource added later; "
	       "even read-only it exposes every Secret.",
	.fix = "List the resources the workload uses.",
	.trivy = "KSV-0046, KSV-0112",
	.checkov = "CKV_K8S_49",
	.other = "kube-linter:wildcard-in-rules",
	.check = check_bh3103,
};

static void check_bh3104(struct bh_check *c, const struct bh_rule *r)
{
	check_wildcard(c, r, 4);
}

static const struct bh_rule rule_bh3104 = {
	RBAC("BH3104", BH_SEV_LOW),
	.title = "Wildcard in an RBAC rule",
	.why = "A \"*\" API group, or \"*\" verbs or resources confined to "
	       "a custom API group or to non-resource URLs, grants more "
	       "than is written and grows with the API; low, as it does "
	       "not reach Kubernetes' own resources.",
	.fix = "Name the API groups, resources and verbs used.",
	.trivy = "KSV-0046",
	.checkov = "CKV_K8S_49",
	.other = "kube-linter:wildcard-in-rules",
	.check = check_bh3104,
};

/* ---- escalation verbs ---- */

static const struct res role_res[] = {
	{ "roles", { "rbac.authorization.k8s.io" } },
	{ "clusterroles", { "rbac.authorization.k8s.io" } },
};

static const struct res identity_res[] = {
	{ "users", { "" } },
	{ "groups", { "" } },
	{ "serviceaccounts", { "" } },
	{ "uids", { "authentication.k8s.io" } },
	{ "userextras/scopes", { "authentication.k8s.io" } },
};

/* TokenRequest: mints a token of the service account named */
static const struct res token_res[] = {
	{ "serviceaccounts/token", { "" } },
};

static void check_bh3105(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const esc[] = { "escalate", "bind", "impersonate",
					   NULL };
	static const char *const create[] = { "create", NULL };
	FOR_RULES(c, o, ru) {
		const struct res *tf;
		if (k8s_rbac_named_only(&ru))
			continue;
		const struct yml_node *at = grants_verb(&ru, esc, false);
		const char *what = NULL;
		if (!at && star(ru.verbs)) {
			const struct res *f;
			if (grants_res(&ru, role_res, 2, &f))
				what = "escalate and bind (\"*\")";
			else if (grants_res(&ru, identity_res, 5, &f))
				what = "impersonate (\"*\")";
			if (what)
				at = star(ru.verbs);
		}
		if (!at && grants_verb(&ru, create, true) &&
		    (at = grants_res(&ru, token_res, 1, &tf)))
			what = "create on serviceaccounts/token (a token of "
			       "any service account of the namespace)";
		if (!at)
			continue;
		if (!what)
			what = verb_list(c, &ru, esc, false);
		rep(c, r, o, at, "%s grants %s: a way past RBAC to any "
		    "permission (cluster-admin included)", obj_name(c, o),
		    what);
	}
}

static const struct bh_rule rule_bh3105 = {
	RBAC("BH3105", BH_SEV_HIGH),
	.title = "RBAC rule grants escalate, bind or impersonate",
	.why = "escalate lets a subject write roles with permissions it "
	       "lacks, bind lets it bind any role (cluster-admin too), "
	       "impersonate lets it act as any user, group or service "
	       "account, and create on serviceaccounts/token mints any "
	       "service account's token: each is a step to full control.",
	.fix = "Remove the verb, or confine it with resourceNames to the "
	       "roles or identities the controller needs.",
	.trivy = "KSV-0043, KSV-0050",
	.checkov = "CKV_K8S_157, CKV_K8S_158, CKV2_K8S_3",
	.check = check_bh3105,
};

/* ---- Secrets ---- */

static const char *const read_verbs[] = { "get", "list", "watch", NULL };
static const struct res secret_res[] = { { "secrets", { "" } } };

static void check_secrets(struct bh_check *c, const struct bh_rule *r,
			  enum k8s_rbac_kind kind)
{
	FOR_RULES(c, o, ru) {
		const struct res *f;
		const struct yml_node *at;
		if (k8s_rbac_kind(o) != kind || k8s_rbac_named_only(&ru) ||
		    !grants_verb(&ru, read_verbs, true) ||
		    !(at = grants_res(&ru, secret_res, 1, &f)))
			continue;
		rep(c, r, o, at, "%s grants %s on secrets: %s",
		    obj_name(c, o), verb_list(c, &ru, read_verbs, true),
		    kind == K8S_RBAC_CLUSTER_ROLE
			    ? "every Secret of the cluster when bound "
			      "cluster-wide, service account tokens included"
			    : "every Secret of its namespace, service "
			      "account tokens included");
	}
}

static void check_bh3106(struct bh_check *c, const struct bh_rule *r)
{
	check_secrets(c, r, K8S_RBAC_CLUSTER_ROLE);
}

static const struct bh_rule rule_bh3106 = {
	RBAC("BH3106", BH_SEV_HIGH),
	.title = "ClusterRole can read Secrets",
	.why = "Reading Secrets cluster-wide yields the credentials of "
	       "other workloads and often a token that is bound to "
	       "cluster-admin.  Trivy rates it critical; high here, as "
	       "read access still needs a binding to reach every "
	       "namespace.",
	.fix = "Drop get/list/watch on secrets, or confine it with "
	       "resourceNames to the Secrets used, in a namespaced Role.",
	.trivy = "KSV-0041",
	.checkov = "CKV2_K8S_5",
	.other = "kube-linter:access-to-secrets",
	.check = check_bh3106,
};

static void check_bh3107(struct bh_check *c, const struct bh_rule *r)
{
	check_secrets(c, r, K8S_RBAC_ROLE);
}

static const struct bh_rule rule_bh3107 = {
	RBAC("BH3107", BH_SEV_MEDIUM),
	.title = "Role can read every Secret of its namespace",
	.why = "Reading the namespace's Secrets yields the credentials of "
	       "its other workloads, which may hold more rights than this "
	       "one.",
	.fix = "Confine the rule with resourceNames to the Secrets the "
	       "workload reads.",
	.trivy = "KSV-0113",
	.checkov = "CKV2_K8S_5",
	.other = "kube-linter:access-to-secrets",
	.check = check_bh3107,
};

/* ---- exec, attach, node proxy ---- */

static const struct res exec_res[] = {
	{ "pods/exec", { "" } },
	{ "pods/attach", { "" } },
};

/* An ephemeral (debug) container added to a running pod runs with its
 * service account and mounts too. */
static const struct res debug_res[] = {
	{ "pods/ephemeralcontainers", { "" } },
};

static void check_bh3108(struct bh_check *c, const struct bh_rule *r)
{
	/* exec over a WebSocket is a GET: "get" is enough on many
	 * clusters */
	static const char *const verbs[] = { "create", "get", NULL };
	static const char *const debug_verbs[] = { "update", "patch", NULL };
	FOR_RULES(c, o, ru) {
		const struct res *f;
		const struct yml_node *at;
		if (k8s_rbac_named_only(&ru))
			continue;
		if (grants_verb(&ru, verbs, true) &&
		    (at = grants_res(&ru, exec_res, 2, &f)))
			rep(c, r, o, at, "%s grants %s on %s: a shell in any "
			    "pod it reaches, with that pod's service account "
			    "and mounts", obj_name(c, o),
			    verb_list(c, &ru, verbs, true),
			    res_list(c, &ru, exec_res, 2));
		else if (grants_verb(&ru, debug_verbs, true) &&
			 (at = grants_res(&ru, debug_res, 1, &f)))
			rep(c, r, o, at, "%s grants %s on "
			    "pods/ephemeralcontainers: it can add a debug "
			    "container, a shell with the pod's service account "
			    "and mounts", obj_name(c, o),
			    verb_list(c, &ru, debug_verbs, true));
	}
}

static const struct bh_rule rule_bh3108 = {
	RBAC("BH3108", BH_SEV_HIGH),
	.title = "RBAC rule allows exec or attach into pods",
	.why = "pods/exec, pods/attach and pods/ephemeralcontainers run "
	       "commands in other pods: their tokens, Secrets and host "
	       "access become the subject's.",
	.fix = "Remove pods/exec, pods/attach and pods/ephemeralcontainers; "
	       "debug through a separate, audited role.",
	.trivy = "KSV-0053, KSV-0054",
	.checkov = "CKV2_K8S_2",
	.other = "Polaris:clusterrolePodExecAttach, Polaris:rolePodExecAttach",
	.check = check_bh3108,
};

static const struct res proxy_res[] = { { "nodes/proxy", { "" } } };

static void check_bh3109(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const verbs[] = { "get", "create", NULL };
	FOR_RULES(c, o, ru) {
		const struct res *f;
		const struct yml_node *at;
		if (k8s_rbac_named_only(&ru) || !grants_verb(&ru, verbs, true) ||
		    !(at = grants_res(&ru, proxy_res, 1, &f)))
			continue;
		rep(c, r, o, at, "%s grants %s on nodes/proxy: the kubelet "
		    "API of every node, exec into any pod included, past "
		    "admission and audit", obj_name(c, o),
		    verb_list(c, &ru, verbs, true));
	}
}

static const struct bh_rule rule_bh3109 = {
	RBAC("BH3109", BH_SEV_HIGH),
	.title = "RBAC rule grants nodes/proxy",
	.why = "nodes/proxy reaches the kubelet API directly: it can run "
	       "commands in any pod on the node, and those calls bypass "
	       "admission control and API audit logs.",
	.fix = "Scrape metrics through nodes/metrics (or the metrics "
	       "endpoints) instead of nodes/proxy.",
	.trivy = "KSV-0047",
	.checkov = "CKV2_K8S_2",
	.check = check_bh3109,
};

/* ---- creating workloads ---- */

static const struct res workload_res[] = {
	{ "pods", { "" } },
	{ "deployments", { "apps", "extensions" } },
	{ "daemonsets", { "apps", "extensions" } },
	{ "statefulsets", { "apps" } },
	{ "replicasets", { "apps", "extensions" } },
	{ "replicationcontrollers", { "" } },
	{ "jobs", { "batch" } },
	{ "cronjobs", { "batch" } },
};

#define NWORKLOAD (sizeof(workload_res) / sizeof(workload_res[0]))

static void check_bh3110(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const verbs[] = { "create", "update", "patch",
					     NULL };
	FOR_RULES(c, o, ru) {
		const struct res *f;
		const struct yml_node *at;
		if (k8s_rbac_named_only(&ru) || !grants_verb(&ru, verbs, true) ||
		    !(at = grants_res(&ru, workload_res, NWORKLOAD, &f)))
			continue;
		rep(c, r, o, at, "%s grants %s on %s: it can run a pod with "
		    "any service account, Secret or host setting its "
		    "namespace admits", obj_name(c, o),
		    verb_list(c, &ru, verbs, true),
		    res_list(c, &ru, workload_res, NWORKLOAD));
	}
}

static const struct bh_rule rule_bh3110 = {
	RBAC("BH3110", BH_SEV_MEDIUM),
	.title = "RBAC rule can create or change pods or workloads",
	.why = "Whoever creates a pod (or a Deployment, Job... whose pod "
	       "template it writes) can mount any Secret and use any "
	       "service account of the namespace, and run privileged "
	       "unless admission stops it.  Medium, as Trivy rates it: "
	       "deploying is many controllers' job.",
	.fix = "Grant create/update/patch on workloads only to the "
	       "deploying identity, and enforce Pod Security admission in "
	       "its namespaces.",
	.trivy = "KSV-0048",
	.other = "kube-linter:access-to-create-pods",
	.check = check_bh3110,
};

/* ---- bindings ---- */

static void check_bh3111(struct bh_check *c, const struct bh_rule *r)
{
	for (size_t i = 0; i < c->k8s->nobjects; i++) {
		const struct k8s_object *o = &c->k8s->objects[i];
		struct k8s_rbac_ref ref;
		if (!k8s_rbac_role_ref(o, &ref) ||
		    strcmp(ref.name, "cluster-admin") ||
		    (*ref.kind && strcmp(ref.kind, "ClusterRole")))
			continue;
		const char *ns = k8s_val_str(&o->namespace_v);
		if (k8s_rbac_kind(o) == K8S_RBAC_CLUSTER_ROLE_BINDING)
			rep(c, r, o, ref.name_node, "%s grants cluster-admin: "
			    "full control of the cluster", obj_name(c, o));
		else
			rep(c, r, o, ref.name_node, "%s grants cluster-admin "
			    "in namespace %.80s: full control of it, Secrets "
			    "and RBAC included", obj_name(c, o),
			    ns && *ns ? ns : "default");
	}
}

static const struct bh_rule rule_bh3111 = {
	RBAC("BH3111", BH_SEV_HIGH),
	.title = "Binding to cluster-admin",
	.why = "cluster-admin allows every action on every resource; a "
	       "workload or person bound to it is one mistake or "
	       "compromise away from the whole cluster.",
	.fix = "Bind a role that grants what the subject uses.",
	.trivy = "KSV-0111",
	.other = "kube-linter:cluster-admin-role-binding, "
		 "Polaris:clusterrolebindingClusterAdmin, "
		 "Polaris:rolebindingClusterAdminClusterRole",
	.check = check_bh3111,
};

/* Kubernetes' own low-privilege roles for these groups (discovery,
 * health, version, self-review): their default bindings are fine. */
static bool public_role(const struct k8s_rbac_ref *ref)
{
	static const char *const roles[] = {
		"system:public-info-viewer", "system:discovery",
		"system:basic-user",
	};
	if (*ref->kind && strcmp(ref->kind, "ClusterRole"))
		return false;
	for (size_t i = 0; i < sizeof(roles) / sizeof(*roles); i++)
		if (!strcmp(ref->name, roles[i]))
			return true;
	return false;
}

/* Reports the subjects named one of "names" (NULL-terminated), saying
 * who that is with the same item of "what". */
static void check_subjects(struct bh_check *c, const struct bh_rule *r,
			   const char *const *names, bool any_role,
			   const char *const *what)
{
	for (size_t i = 0; i < c->k8s->nobjects; i++) {
		const struct k8s_object *o = &c->k8s->objects[i];
		struct k8s_rbac_ref ref;
		(void)k8s_rbac_role_ref(o, &ref); /* "" when missing */
		for (size_t k = 0; k < k8s_rbac_nsubjects(o); k++) {
			struct k8s_rbac_subject s;
			if (!k8s_rbac_subject_at(o, k, &s) ||
			    !strcmp(s.kind, "ServiceAccount") ||
			    (!any_role && public_role(&ref)))
				continue;
			for (size_t n = 0; names[n]; n++) {
				if (strcmp(s.name, names[n]))
					continue;
				rep(c, r, o, s.name_node,
				    "%s grants %s%s%.80s%s to %s (%s)",
				    obj_name(c, o),
				    *ref.kind ? ref.kind : "its role",
				    *ref.name ? " \"" : "", ref.name,
				    *ref.name ? "\"" : "", names[n], what[n]);
				break;
			}
		}
	}
}

static void check_bh3112(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const names[] = { "system:anonymous",
					     "system:unauthenticated", NULL };
	static const char *const what[] = {
		"anyone who reaches the API server, no credentials needed",
		"every request without credentials",
	};
	check_subjects(c, r, names, false, what);
}

static const struct bh_rule rule_bh3112 = {
	RBAC("BH3112", BH_SEV_CRITICAL),
	.title = "Binding grants a role to anonymous users",
	.why = "system:anonymous and system:unauthenticated are every "
	       "request without credentials: whatever the role grants is "
	       "open to anyone who reaches the API server.  Kubernetes' "
	       "own discovery and health roles are not reported.",
	.fix = "Bind the role to the users, groups or service accounts "
	       "that need it.",
	.trivy = "KSV-0122",
	.other = "kubesec:BindingsToSystemAnonymous",
	.check = check_bh3112,
};

static void check_bh3113(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const names[] = { "system:authenticated",
					     "system:serviceaccounts", NULL };
	static const char *const what[] = {
		"every user and service account the cluster authenticates",
		"every service account of every namespace",
	};
	check_subjects(c, r, names, false, what);
}

static const struct bh_rule rule_bh3113 = {
	RBAC("BH3113", BH_SEV_HIGH),
	.title = "Binding grants a role to all authenticated users or "
		 "service accounts",
	.why = "system:authenticated is every user and service account "
	       "(on GKE, any Google account), system:serviceaccounts every "
	       "pod's token in the cluster.  High rather than Trivy's "
	       "critical: a credential is still needed.  Kubernetes' own "
	       "discovery roles are not reported.",
	.fix = "Bind the role to the groups or service accounts that "
	       "need it.",
	.trivy = "KSV-01011",
	.check = check_bh3113,
};

static void check_bh3114(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const names[] = { "system:masters", NULL };
	static const char *const what[] = {
		"a group that bypasses RBAC: the binding adds nothing",
	};
	check_subjects(c, r, names, true, what);
}

static const struct bh_rule rule_bh3114 = {
	RBAC("BH3114", BH_SEV_MEDIUM),
	.title = "Binding to the system:masters group",
	.why = "Members of system:masters pass every authorization check "
	       "whatever is bound; a binding to it grants nothing and "
	       "suggests access is managed through a certificate group "
	       "that RBAC cannot revoke.  Medium rather than Trivy's "
	       "critical: the binding itself adds no right.",
	.fix = "Remove the binding; give administrators a group bound "
	       "to a role, and keep system:masters for break-glass "
	       "credentials.",
	.trivy = "KSV-0123",
	.check = check_bh3114,
};

/* ---- service accounts ---- */

static void check_bh3115(struct bh_check *c, const struct bh_rule *r)
{
	for (size_t i = 0; i < c->k8s->nobjects; i++) {
		const struct k8s_object *o = &c->k8s->objects[i];
		/* core v1 only: a custom resource may be called
		 * ServiceAccount too (Crossplane's, in a group of its own) */
		if (strcmp(o->kind, "ServiceAccount") ||
		    strcmp(o->api_version, "v1"))
			continue;
		const struct yml_pair *p =
			yml_get_pair(o->root, "automountServiceAccountToken");
		bool b = true;
		bool set = p && p->value &&
			   yml_as_bool(p->value, YML_BOOL_11, &b);
		if (set && !b)
			continue;
		if (set)
			rep(c, r, o, p->key, "%s mounts its token into every "
			    "pod that uses it (automountServiceAccountToken: "
			    "true)", obj_name(c, o));
		else
			rep(c, r, o, NULL, "%s mounts its token into every "
			    "pod that uses it (automountServiceAccountToken "
			    "is not false)", obj_name(c, o));
	}
}

static const struct bh_rule rule_bh3115 = {
	RBAC("BH3115", BH_SEV_LOW),
	.title = "ServiceAccount mounts its token by default",
	.why = "Unless the ServiceAccount sets automountServiceAccountToken: "
	       "false, every pod using it gets an API token, needed or "
	       "not.  Low: pods can still opt out, and the token is worth "
	       "what the account's roles grant.",
	.fix = "Set automountServiceAccountToken: false on the "
	       "ServiceAccount and true only on pods that call the API.",
	.checkov = "CKV_K8S_38",
	.other = "Polaris:automountServiceAccountToken",
	.check = check_bh3115,
};

/* ---- cluster-wide write roles ---- */

static void check_bh3116(struct bh_check *c, const struct bh_rule *r)
{
	for (size_t i = 0; i < c->k8s->nobjects; i++) {
		const struct k8s_object *o = &c->k8s->objects[i];
		struct k8s_rbac_ref ref;
		if (k8s_rbac_kind(o) != K8S_RBAC_CLUSTER_ROLE_BINDING ||
		    !k8s_rbac_role_ref(o, &ref) ||
		    (*ref.kind && strcmp(ref.kind, "ClusterRole")) ||
		    (strcmp(ref.name, "admin") && strcmp(ref.name, "edit")))
			continue;
		rep(c, r, o, ref.name_node, "%s grants ClusterRole %s in every "
		    "namespace: write access to their workloads and Secrets",
		    obj_name(c, o), ref.name);
	}
}

static const struct bh_rule rule_bh3116 = {
	RBAC("BH3116", BH_SEV_MEDIUM),
	.title = "ClusterRoleBinding to admin or edit",
	.why = "admin and edit are meant to be granted per namespace with a "
	       "RoleBinding; bound cluster-wide they let the subject read "
	       "and change Secrets and workloads in every namespace, "
	       "kube-system included.  A RoleBinding to them is the "
	       "intended use and is not reported.",
	.fix = "Bind admin or edit with a RoleBinding in each namespace "
	       "the subject manages.",
	.trivy = "KSV-0111",
	.check = check_bh3116,
};

/* ---- admission webhooks, network objects ---- */

/* The verbs that change or remove an object ("*" counts too). */
static const char *const write_verbs[] = { "create", "update", "patch",
					   "delete", "deletecollection",
					   NULL };

static const struct res webhook_res[] = {
	{ "mutatingwebhookconfigurations", { "admissionregistration.k8s.io" } },
	{ "validatingwebhookconfigurations",
	  { "admissionregistration.k8s.io" } },
};

static void check_bh3117(struct bh_check *c, const struct bh_rule *r)
{
	FOR_RULES(c, o, ru) {
		const struct res *f;
		const struct yml_node *at;
		if (k8s_rbac_named_only(&ru) ||
		    !grants_verb(&ru, write_verbs, true) ||
		    !(at = grants_res(&ru, webhook_res, 2, &f)))
			continue;
		rep(c, r, o, at, "%s grants %s on %s: it can register a "
		    "webhook that sees and rewrites every object sent to the "
		    "API server, Secrets and pods included, or remove the "
		    "ones that enforce policy", obj_name(c, o),
		    verb_list(c, &ru, write_verbs, true),
		    res_list(c, &ru, webhook_res, 2));
	}
}

static const struct bh_rule rule_bh3117 = {
	RBAC("BH3117", BH_SEV_HIGH),
	.title = "RBAC rule can change admission webhook configurations",
	.why = "A mutating webhook receives, and may rewrite, every object "
	       "it registers for (a pod gains a privileged sidecar, a "
	       "Secret is copied out); deleting or editing a validating "
	       "webhook turns off the policy it enforces.  Writing either "
	       "configuration is a step to control of the cluster.",
	.fix = "Grant create/update/patch/delete on webhook configurations "
	       "only to the installer; a controller that rotates its own "
	       "webhook's CA bundle needs update on its configuration "
	       "alone (resourceNames).",
	.trivy = "KSV-0114",
	.check = check_bh3117,
};

static const struct res network_res[] = {
	{ "services", { "" } },
	{ "endpoints", { "" } },
	{ "endpointslices", { "discovery.k8s.io" } },
	{ "networkpolicies", { "networking.k8s.io", "extensions" } },
	{ "ingresses", { "networking.k8s.io", "extensions" } },
};

#define NNETWORK (sizeof(network_res) / sizeof(network_res[0]))

static void check_bh3118(struct bh_check *c, const struct bh_rule *r)
{
	FOR_RULES(c, o, ru) {
		const struct res *f;
		const struct yml_node *at;
		if (k8s_rbac_named_only(&ru) ||
		    !grants_verb(&ru, write_verbs, true) ||
		    !(at = grants_res(&ru, network_res, NNETWORK, &f)))
			continue;
		rep(c, r, o, at, "%s grants %s on %s: it can redirect other "
		    "workloads' traffic or lift their network isolation",
		    obj_name(c, o), verb_list(c, &ru, write_verbs, true),
		    res_list(c, &ru, network_res, NNETWORK));
	}
}

static const struct bh_rule rule_bh3118 = {
	RBAC("BH3118", BH_SEV_MEDIUM),
	.title = "RBAC rule can change Services, endpoints, Ingresses or "
		 "NetworkPolicies",
	.why = "Whoever writes Services, Endpoints or EndpointSlices can "
	       "send other workloads' traffic to a pod of their choosing "
	       "(externalIPs, CVE-2020-8554), whoever writes Ingresses can "
	       "publish them, and whoever writes NetworkPolicies can lift "
	       "the isolation they give.  Medium: exposing services is "
	       "many controllers' job.",
	.fix = "Grant write verbs on network objects only to the "
	       "controllers that own them, confined with resourceNames "
	       "where the names are known.",
	.trivy = "KSV-0056",
	.check = check_bh3118,
};

const struct bh_rule *const bh_rules_k8s_rbac[] = {
	&rule_bh3101,
	&rule_bh3102,
	&rule_bh3103,
	&rule_bh3104,
	&rule_bh3105,
	&rule_bh3106,
	&rule_bh3107,
	&rule_bh3108,
	&rule_bh3109,
	&rule_bh3110,
	&rule_bh3111,
	&rule_bh3112,
	&rule_bh3113,
	&rule_bh3114,
	&rule_bh3115,
	&rule_bh3116,
	&rule_bh3117,
	&rule_bh3118,
};
const size_t bh_rules_k8s_rbac_count =
	sizeof(bh_rules_k8s_rbac) / sizeof(bh_rules_k8s_rbac[0]);
