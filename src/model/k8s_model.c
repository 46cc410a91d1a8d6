/* SPDX-License-Identifier: Apache-2.0
 *
 * k8s_model.c - Kubernetes objects from YAML trees: workloads, their pod
 * spec and containers, with the pod-level securityContext applied to
 * every container as the kubelet applies it.
 *
 * This file owns where each workload kind keeps its pod template (Pod:
 * spec; PodTemplate: template; Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job: spec.template; CronJob:
 * spec.jobTemplate.spec.template), the search for pod templates and
 * lone containers inside custom resources (bounded), whether an object
 * is partial (an overlay: no image, no selector), the flattening of List
 * items, and the resolution of effective security settings.  It does not read files or
 * decide what is an error for a scan (src/core/scan_k8s.c) and judges
 * nothing (src/rules/rules_k8s.c).  Wrongly typed values (a string where
 * a mapping belongs) are treated as absent: the API server would reject
 * them, and nothing here may crash on them.
 * Tests: tests/unit/k8s/test_k8s.c, tests/cases/kubernetes/k8s-custom-*,
 * tests/cases/kubernetes/k8s-partial-*.
 */
#include "k8s_model.h"

#include <string.h>

#define MAX_LIST_ITEMS 100000

static const char *const workload_kinds[] = {
	"Pod", "PodTemplate", "Deployment", "StatefulSet", "DaemonSet",
	"ReplicaSet", "ReplicationController", "Job", "CronJob",
};

const char *k8s_ctype_name(enum k8s_ctype t)
{
	switch (t) {
	case K8S_INIT_CONTAINER:
		return "initContainer";
	case K8S_EPHEMERAL_CONTAINER:
		return "ephemeralContainer";
	default:
		return "container";
	}
}

bool k8s_is_partial(const struct k8s_object *o)
{
	return o->partial != K8S_WHOLE;
}

bool k8s_is_object(const struct yml_node *root)
{
	const struct yml_node *av = yml_get(root, "apiVersion");
	const struct yml_node *k = yml_get(root, "kind");
	return yml_is_scalar(av) && !yml_is_null(av) && yml_is_scalar(k) &&
	       !yml_is_null(k);
}

/* ---- values ---- */

static int node_len(const struct yml_node *n)
{
	if (n->kind == YML_SCALAR && n->end_line == n->line &&
	    n->end_col > n->col)
		return n->end_col - n->col;
	if (n->kind == YML_SCALAR && n->len < 4096)
		return (int)n->len;
	return 0;
}

/* The value of "key" in "map" with absolute positions. */
static struct k8s_val get(const struct yml_node *map, const char *key,
			  int off)
{
	struct k8s_val v;
	memset(&v, 0, sizeof(v));
	const struct yml_pair *p = yml_get_pair(map, key);
	if (!p || !p->value || yml_is_null(p->value))
		return v;
	v.key = p->key;
	v.value = p->value;
	v.line = p->key->line + off;
	v.col = p->key->col;
	v.len = node_len(p->key);
	v.vline = p->value->line + off;
	v.vcol = p->value->col;
	v.vlen = node_len(p->value);
	return v;
}

/* "key" of the mapping value "parent" (when it is one). */
static struct k8s_val sub(const struct k8s_val *parent, const char *key,
			  int off)
{
	struct k8s_val v;
	memset(&v, 0, sizeof(v));
	if (!parent->value || !yml_is_map(parent->value))
		return v;
	v = get(parent->value, key, off);
	v.inherited = parent->inherited;
	return v;
}

/* The container's value if set, else the pod's (marked inherited). */
static struct k8s_val pick(struct k8s_val own, struct k8s_val pod)
{
	if (own.key)
		return own;
	pod.inherited = pod.key != NULL;
	return pod;
}

bool k8s_val_set(const struct k8s_val *v)
{
	return v->key != NULL && v->value != NULL;
}

bool k8s_val_bool(const struct k8s_val *v, bool *out)
{
	return k8s_val_set(v) && yml_as_bool(v->value, YML_BOOL_11, out);
}

bool k8s_val_int(const struct k8s_val *v, long long *out)
{
	return k8s_val_set(v) && yml_as_int(v->value, true, out);
}

const char *k8s_val_str(const struct k8s_val *v)
{
	return k8s_val_set(v) && yml_is_scalar(v->value) ? v->value->str
							  : NULL;
}

struct bh_span k8s_span(const struct k8s_object *o, const struct yml_node *n)
{
	struct bh_span s = yml_span(n);
	if (s.line)
		s.line += o->line_off;
	if (s.end_line)
		s.end_line += o->line_off;
	return s;
}

static struct bh_span span_at(int line, int col, int len)
{
	struct bh_span s = { line, col, line, col + (len > 0 ? len : 0) };
	return s;
}

struct bh_span k8s_val_span(const struct k8s_val *v)
{
	return span_at(v->line, v->col, v->len);
}

struct bh_span k8s_val_vspan(const struct k8s_val *v)
{
	return span_at(v->vline, v->vcol, v->vlen);
}

static int nomem(const struct arena *a, struct diag *d)
{
	return diag_error(d, a->over_cap ? BH_ELIMIT : BH_ENOMEM, 0, 0,
			  a->over_cap ? "input too large" : "out of memory");
}

struct k8s_val k8s_pod_sc(const struct k8s_object *o, const char *path)
{
	struct k8s_val v;
	memset(&v, 0, sizeof(v));
	if (!o->pod || !o->pod->security_context.value)
		return v;
	v = o->pod->security_context;
	char key[64];
	while (*path && v.value) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof(key)) {
			memset(&v, 0, sizeof(v));
			return v;
		}
		memcpy(key, path, n);
		key[n] = '\0';
		v = sub(&v, key, o->line_off);
		path += n + (path[n] == '.');
	}
	return v;
}

/* ---- containers ---- */

static void read_security(struct k8s_container *c, const struct k8s_pod *p,
			  int off)
{
	struct k8s_val sc = c->security_context;
	struct k8s_val psc = p->security_context;
	c->run_as_user = pick(sub(&sc, "runAsUser", off),
			      sub(&psc, "runAsUser", off));
	c->run_as_group = pick(sub(&sc, "runAsGroup", off),
			       sub(&psc, "runAsGroup", off));
	c->run_as_non_root = pick(sub(&sc, "runAsNonRoot", off),
				  sub(&psc, "runAsNonRoot", off));
	c->seccomp = pick(sub(&sc, "seccompProfile", off),
			  sub(&psc, "seccompProfile", off));
	c->seccomp_type = sub(&c->seccomp, "type", off);
	struct k8s_val aa = pick(sub(&sc, "appArmorProfile", off),
				 sub(&psc, "appArmorProfile", off));
	c->apparmor_type = sub(&aa, "type", off);
	struct k8s_val se = pick(sub(&sc, "seLinuxOptions", off),
				 sub(&psc, "seLinuxOptions", off));
	c->se_type = sub(&se, "type", off);
	c->se_user = sub(&se, "user", off);
	c->se_role = sub(&se, "role", off);
	struct k8s_val win = pick(sub(&sc, "windowsOptions", off),
				  sub(&psc, "windowsOptions", off));
	c->host_process = sub(&win, "hostProcess", off);

	c->privileged = sub(&sc, "privileged", off);
	c->allow_privilege_escalation =
		sub(&sc, "allowPrivilegeEscalation", off);
	c->read_only_root_fs = sub(&sc, "readOnlyRootFilesystem", off);
	c->proc_mount = sub(&sc, "procMount", off);
	struct k8s_val caps = sub(&sc, "capabilities", off);
	c->cap_add = sub(&caps, "add", off);
	c->cap_drop = sub(&caps, "drop", off);
}

static void read_container(struct k8s_container *c,
			   const struct yml_node *n, enum k8s_ctype type,
			   const struct k8s_pod *p, int off)
{
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->node = n;
	c->line = n->line + off;
	c->col = n->col;
	const struct yml_node *name = yml_get(n, "name");
	c->name = yml_is_scalar(name) && !yml_is_null(name) ? name->str : "";
	c->label = c->name;
	c->image = get(n, "image", off);
	c->pull_policy = get(n, "imagePullPolicy", off);
	c->restart_policy = get(n, "restartPolicy", off);
	c->security_context = get(n, "securityContext", off);
	if (!yml_is_map(c->security_context.value))
		memset(&c->security_context, 0, sizeof(c->security_context));
	read_security(c, p, off);
	c->resources = get(n, "resources", off);
	struct k8s_val lim = sub(&c->resources, "limits", off);
	struct k8s_val req = sub(&c->resources, "requests", off);
	c->limits_cpu = sub(&lim, "cpu", off);
	c->limits_memory = sub(&lim, "memory", off);
	c->requests_cpu = sub(&req, "cpu", off);
	c->requests_memory = sub(&req, "memory", off);
	c->liveness = get(n, "livenessProbe", off);
	c->readiness = get(n, "readinessProbe", off);
	c->startup = get(n, "startupProbe", off);
	c->lifecycle = get(n, "lifecycle", off);
	c->env = get(n, "env", off);
	c->ports = get(n, "ports", off);
}

/* How messages name a container without a name: an Argo template's
 * container or script by its template ('template "gen" script'), a list
 * item by its key and index ("containers[0]", "steps[1]"). NULL when out
 * of memory. */
static const char *unnamed_label(struct arena *a, const struct yml_node *spec,
				 const char *key, bool seq, size_t i)
{
	if (seq)
		return arena_printf(a, "%s[%zu]", key, i);
	const struct yml_node *t = yml_get(spec, "name");
	if (yml_is_scalar(t) && !yml_is_null(t) && *t->str)
		return arena_printf(a, "template \"%.80s\" %s", t->str, key);
	return key;
}

static int read_pod(struct arena *a, struct k8s_object *o,
		    const struct yml_node *spec, const struct yml_node *meta,
		    const struct yml_pair *spec_pair, struct diag *d)
{
	int off = o->line_off;
	struct k8s_pod *p = arena_alloc(a, sizeof(*p));
	if (!p)
		goto fail_alloc;
	p->spec = spec;
	p->meta = yml_is_map(meta) ? meta : NULL;
	if (spec_pair) {
		p->spec_key.key = spec_pair->key;
		p->spec_key.value = spec_pair->value;
		p->spec_key.line = spec_pair->key->line + off;
		p->spec_key.col = spec_pair->key->col;
		p->spec_key.len = (int)spec_pair->key->len;
	}
	p->host_network = get(spec, "hostNetwork", off);
	p->host_pid = get(spec, "hostPID", off);
	p->host_ipc = get(spec, "hostIPC", off);
	p->host_users = get(spec, "hostUsers", off);
	p->automount_token = get(spec, "automountServiceAccountToken", off);
	p->service_account = get(spec, "serviceAccountName", off);
	if (!p->service_account.key)
		p->service_account = get(spec, "serviceAccount", off);
	p->restart_policy = get(spec, "restartPolicy", off);
	p->security_context = get(spec, "securityContext", off);
	if (!yml_is_map(p->security_context.value))
		memset(&p->security_context, 0, sizeof(p->security_context));
	p->sysctls = sub(&p->security_context, "sysctls", off);
	p->fs_group = sub(&p->security_context, "fsGroup", off);
	p->supplemental_groups =
		sub(&p->security_context, "supplementalGroups", off);
	p->volumes = get(spec, "volumes", off);
	p->windows = yml_scalar_eq(yml_get_path(spec, "os.name"), "windows");

	/* the pod spec's lists; a custom resource's pod-shaped mapping may
	 * hold an Argo "container"/"script" or Tekton "steps"/"sidecars" */
	static const struct {
		const char *key;
		enum k8s_ctype type;
		bool custom;       /* only in custom resources */
		bool need_image;   /* only items with an image are containers */
	} lists[] = {
		{ "initContainers", K8S_INIT_CONTAINER, false, false },
		{ "containers", K8S_CONTAINER, false, false },
		{ "ephemeralContainers", K8S_EPHEMERAL_CONTAINER, false, false },
		{ "container", K8S_CONTAINER, true, true },
		{ "script", K8S_CONTAINER, true, true },
		{ "steps", K8S_CONTAINER, true, true },
		{ "sidecars", K8S_CONTAINER, true, true },
		/* Tekton: merged into every step, which so are not whole
		 * (the object is partial); judged for what it sets */
		{ "stepTemplate", K8S_CONTAINER, true, false },
	};
	const size_t nlists = sizeof(lists) / sizeof(*lists);
	size_t total = 0;
	for (size_t l = 0; l < nlists; l++) {
		const struct yml_node *s = yml_get(spec, lists[l].key);
		if (lists[l].custom && !o->custom)
			continue;
		if (yml_is_seq(s))
			total += s->n;
		else if (yml_is_map(s))
			total++;
	}
	if (total) {
		p->containers = arena_array(a, total, sizeof(*p->containers));
		if (!p->containers)
			goto fail_alloc;
	}
	bool no_image = total == 0;
	for (size_t l = 0; l < nlists; l++) {
		const struct yml_node *s = yml_get(spec, lists[l].key);
		if (lists[l].custom && !o->custom)
			continue;
		size_t n = yml_is_seq(s) ? s->n : yml_is_map(s) ? 1 : 0;
		for (size_t i = 0; i < n; i++) {
			const struct yml_node *it = yml_is_seq(s) ? s->items[i]
								  : s;
			if (!yml_is_map(it))
				continue;
			bool img = yml_is_scalar(yml_get(it, "image")) &&
				   !yml_is_null(yml_get(it, "image"));
			if (lists[l].need_image && !img)
				continue;
			bool tmpl = !strcmp(lists[l].key, "stepTemplate");
			if ((!img && lists[l].type != K8S_EPHEMERAL_CONTAINER) ||
			    tmpl)
				no_image = true;
			struct k8s_container *k = &p->containers[p->ncontainers++];
			read_container(k, it, lists[l].type, p, off);
			if (tmpl && !*k->name)
				k->name = k->label = "stepTemplate";
			else if (!*k->name &&
				 !(k->label = unnamed_label(a, spec,
							    lists[l].key,
							    yml_is_seq(s), i)))
				goto fail_alloc;
		}
	}
	if (no_image && !o->partial)
		o->partial = K8S_PARTIAL_NO_IMAGE;
	o->pod = p;
	return BH_OK;
fail_alloc:
	return nomem(a, d);
}

/* Where the pod spec of a workload is: sets *spec, *meta, *pair. */
static void find_pod_spec(const struct yml_node *root, const char *kind,
			  const struct yml_node **spec,
			  const struct yml_node **meta,
			  const struct yml_pair **pair)
{
	const struct yml_node *tmpl = NULL;
	*spec = NULL;
	*meta = NULL;
	*pair = NULL;
	if (!strcmp(kind, "Pod")) {
		*pair = yml_get_pair(root, "spec");
		*meta = yml_get(root, "metadata");
	} else if (!strcmp(kind, "PodTemplate")) {
		tmpl = yml_get(root, "template");
	} else if (!strcmp(kind, "CronJob")) {
		tmpl = yml_get_path(root, "spec.jobTemplate.spec.template");
	} else {
		tmpl = yml_get_path(root, "spec.template");
	}
	if (tmpl) {
		*pair = yml_get_pair(tmpl, "spec");
		*meta = yml_get(tmpl, "metadata");
	}
	if (*pair && yml_is_map((*pair)->value))
		*spec = (*pair)->value;
	else
		*pair = NULL;
}

static bool is_workload(const char *kind)
{
	for (size_t i = 0; i < sizeof(workload_kinds) / sizeof(*workload_kinds);
	     i++)
		if (!strcmp(kind, workload_kinds[i]))
			return true;
	return false;
}

/* apps/v1 workloads the API server refuses without spec.selector (the
 * older extensions/v1beta1 defaulted it from the template's labels). */
static bool needs_selector(const struct k8s_object *o)
{
	static const char *const kinds[] = {
		"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	};
	if (strcmp(o->api_version, "apps/v1"))
		return false;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (!strcmp(o->kind, kinds[i]))
			return true;
	return false;
}

/* ---- pod templates inside custom resources ---- */

#define CUSTOM_MAX_DEPTH 16
#define CUSTOM_MAX_VISITS 20000
#define CUSTOM_MAX_PODS 256

/* Whether "s" is a sequence with a mapping item that has one of the
 * scalar keys "k1" or "k2" (k2 may be NULL), all items mappings. */
static bool seq_of_containers(const struct yml_node *s, const char *k1,
			      const char *k2)
{
	if (!yml_is_seq(s) || !s->n)
		return false;
	bool any = false;
	for (size_t i = 0; i < s->n; i++) {
		const struct yml_node *it = s->items[i];
		if (!yml_is_map(it))
			return false;
		if (yml_is_scalar(yml_get(it, k1)) ||
		    (k2 && yml_is_scalar(yml_get(it, k2))))
			any = true;
	}
	return any;
}

/* Whether mapping "n" has a key pod_shaped() or container_shaped() looks
 * for (one pass over its keys: most mappings of a custom resource have
 * none, and are not asked those six lookups). */
static bool may_hold_pod(const struct yml_node *n)
{
	for (size_t i = 0; i < n->n; i++) {
		const struct yml_node *k = n->pairs[i].key;
		if (!k || k->kind != YML_SCALAR)
			continue;
		const char *w = NULL;
		switch (k->len) {
		case 5: w = k->str[0] == 's' ? "steps" : "image"; break;
		case 6: w = "script"; break;
		case 8: w = "sidecars"; break;
		case 9: w = "container"; break;
		case 10: w = "containers"; break;
		default: continue;
		}
		if (!memcmp(k->str, w, k->len))
			return true;
	}
	return false;
}

/* Whether mapping "n" is pod-shaped (see k8s_model.h). */
static bool pod_shaped(const struct yml_node *n)
{
	if (seq_of_containers(yml_get(n, "containers"), "name", "image"))
		return true;
	if (yml_is_scalar(yml_get(yml_get(n, "container"), "image")) ||
	    yml_is_scalar(yml_get(yml_get(n, "script"), "image")))
		return true;
	return seq_of_containers(yml_get(n, "steps"), "image", NULL) ||
	       seq_of_containers(yml_get(n, "sidecars"), "image", NULL);
}

/* Whether mapping "n" is one container: a scalar image and a
 * securityContext mapping or a command/args sequence. */
static bool container_shaped(const struct yml_node *n)
{
	const struct yml_node *img = yml_get(n, "image");
	return yml_is_scalar(img) && !yml_is_null(img) &&
	       (yml_is_map(yml_get(n, "securityContext")) ||
		yml_is_seq(yml_get(n, "command")) ||
		yml_is_seq(yml_get(n, "args")));
}

/* The pod of a lone container "n": no pod-level settings. */
static int read_lone_container(struct arena *a, struct k8s_object *o,
			       const struct yml_node *n, const char *key,
			       struct diag *d)
{
	struct k8s_pod *p = arena_alloc(a, sizeof(*p));
	if (!p || !(p->containers = arena_array(a, 1, sizeof(*p->containers))))
		return nomem(a, d);
	p->spec = n;
	read_container(&p->containers[0], n, K8S_CONTAINER, p, o->line_off);
	p->ncontainers = 1;
	if (!*p->containers[0].name && key)
		p->containers[0].name = p->containers[0].label = key;
		/* "exporter:" */
	o->pod = p;
	o->partial = K8S_PARTIAL_OPERATOR;
	return BH_OK;
}

/* Adds a copy of objects[base] whose pod is "spec" (the pod-shaped
 * mapping, or with "lone" the one container); the first pod found goes
 * to objects[base] itself. */
static int add_custom_pod(struct arena *a, struct k8s_model *m, size_t base,
			  const struct yml_node *spec,
			  const struct yml_node *meta,
			  const struct yml_pair *pair, bool lone,
			  struct diag *d)
{
	size_t at = base;
	if (m->objects[base].pod) {
		if (m->nobjects == m->objects_cap) {
			size_t cap = m->objects_cap * 2;
			struct k8s_object *v = arena_grow(
				a, m->objects, m->nobjects, cap, sizeof(*v));
			if (!v)
				return nomem(a, d);
			m->objects = v;
			m->objects_cap = cap;
		}
		at = m->nobjects++;
		m->objects[at] = m->objects[base];
		m->objects[at].pod = NULL;
		m->objects[at].partial = K8S_WHOLE;
	}
	struct k8s_object *o = &m->objects[at];
	o->custom = true;
	if (lone)
		return read_lone_container(a, o, spec,
					   pair && yml_is_scalar(pair->key)
						   ? pair->key->str : NULL, d);
	return read_pod(a, o, spec, meta, pair, d);
}

/* Searches the custom resource objects[base] for pod-shaped mappings
 * (iterative, depth and visits bounded; metadata and status skipped). */
static int find_custom_pods(struct arena *a, struct k8s_model *m,
			    size_t base, struct diag *d)
{
	const struct k8s_object *o = &m->objects[base];
	/* data, schemas, and GKE's WorkloadAllowlist (what a workload may
	 * do, not a workload) */
	if (!strcmp(o->kind, "ConfigMap") || !strcmp(o->kind, "Secret") ||
	    !strcmp(o->kind, "CustomResourceDefinition") ||
	    !strcmp(o->kind, "WorkloadAllowlist"))
		return BH_OK;
	struct frame {
		const struct yml_node *n;
		const struct yml_node *parent; /* the mapping holding n */
		const struct yml_pair *pair;   /* n's pair there, or NULL */
		size_t next;
	} st[CUSTOM_MAX_DEPTH];
	size_t depth = 0, visits = 0, pods = 0;
	st[0] = (struct frame){ o->root, NULL, NULL, 0 };
	while (visits < CUSTOM_MAX_VISITS) {
		struct frame *f = &st[depth];
		const struct yml_node *n = f->n;
		if (f->next == 0 && depth > 0 && yml_is_map(n)) {
			const struct yml_node *spec = NULL, *meta = NULL;
			const struct yml_pair *pair = f->pair;
			bool lone = false;
			const char *key = pair && yml_is_scalar(pair->key)
						  ? pair->key->str : "";
			bool shaped = may_hold_pod(n);
			if (!strcmp(key, "podTemplate") &&
			    yml_is_map(yml_get(n, "spec"))) {
				pair = yml_get_pair(n, "spec");
				spec = pair->value;
				meta = yml_get(n, "metadata");
			} else if (shaped && pod_shaped(n)) {
				spec = n;
				if (!strcmp(key, "spec"))
					meta = yml_get(f->parent, "metadata");
			} else if (shaped && container_shaped(n)) {
				spec = n;
				lone = true;
			}
			if (spec) {
				if (++pods > CUSTOM_MAX_PODS)
					return BH_OK;
				int rc = add_custom_pod(a, m, base, spec, meta,
							pair, lone, d);
				if (rc)
					return rc;
				depth--; /* not searched further */
				continue;
			}
		}
		if (n->kind == YML_SCALAR || f->next >= n->n) {
			if (depth == 0)
				return BH_OK;
			depth--;
			continue;
		}
		visits++;
		struct frame child = { NULL, NULL, NULL, 0 };
		if (n->kind == YML_MAP) {
			const struct yml_pair *p = &n->pairs[f->next++];
			if (yml_scalar_eq(p->key, "metadata") ||
			    yml_scalar_eq(p->key, "status"))
				continue;
			child = (struct frame){ p->value, n, p, 0 };
		} else {
			child = (struct frame){ n->items[f->next++], NULL,
						NULL, 0 };
		}
		if (!child.n || child.n->kind == YML_SCALAR ||
		    depth + 1 >= CUSTOM_MAX_DEPTH)
			continue;
		st[++depth] = child;
	}
	return BH_OK;
}

static int add_object(struct arena *a, struct k8s_model *m,
		      const struct yml_node *root, int line_off, int doc,
		      struct diag *d)
{
	if (m->nobjects == m->objects_cap) {
		size_t cap = m->objects_cap ? m->objects_cap * 2 : 4;
		struct k8s_object *v = arena_grow(a, m->objects, m->nobjects,
						  cap, sizeof(*v));
		if (!v)
			return nomem(a, d);
		m->objects = v;
		m->objects_cap = cap;
	}
	struct k8s_object *o = &m->objects[m->nobjects++];
	memset(o, 0, sizeof(*o));
	o->root = root;
	o->line_off = line_off;
	o->doc = doc;
	const struct yml_node *av = yml_get(root, "apiVersion");
	o->api_version = yml_is_scalar(av) ? av->str : "";
	o->kind_v = get(root, "kind", line_off);
	o->kind = k8s_val_str(&o->kind_v) ? o->kind_v.value->str : "";
	o->metadata = yml_get(root, "metadata");
	if (!yml_is_map(o->metadata))
		o->metadata = NULL;
	const struct yml_node *name = yml_get(o->metadata, "name");
	o->name = yml_is_scalar(name) ? name->str : "";
	o->namespace_v = get(o->metadata, "namespace", line_off);
	o->batch = !strcmp(o->kind, "Job") || !strcmp(o->kind, "CronJob");
	if (!is_workload(o->kind))
		return find_custom_pods(a, m, m->nobjects - 1, d);
	if (needs_selector(o) && !yml_get(yml_get(root, "spec"), "selector"))
		o->partial = K8S_PARTIAL_NO_SELECTOR;
	const struct yml_node *spec, *meta;
	const struct yml_pair *pair;
	find_pod_spec(root, o->kind, &spec, &meta, &pair);
	if (!spec)
		return BH_OK;
	return read_pod(a, o, spec, meta, pair, d);
}

/* kind: List, or any *List kind with an items: sequence (PodList,
 * DeploymentList...). */
static bool is_list(const struct yml_node *root)
{
	const struct yml_node *k = yml_get(root, "kind");
	if (!yml_is_scalar(k) || k->len < 4 ||
	    strcmp(k->str + k->len - 4, "List") != 0)
		return false;
	return yml_is_seq(yml_get(root, "items"));
}

int k8s_model_add_doc(struct arena *a, struct k8s_model *m,
		      const struct yml_node *root, int line_off,
		      struct diag *d)
{
	if (m->ndocs == m->docs_cap) {
		size_t cap = m->docs_cap ? m->docs_cap * 2 : 16;
		struct k8s_doc *docs = arena_grow(a, m->docs, m->ndocs, cap,
						  sizeof(*docs));
		if (!docs)
			return nomem(a, d);
		m->docs = docs;
		m->docs_cap = cap;
	}
	m->docs[m->ndocs].root = root;
	m->docs[m->ndocs].line_off = line_off;
	int doc = (int)m->ndocs++;
	if (!k8s_is_object(root))
		return BH_OK;
	if (!is_list(root))
		return add_object(a, m, root, line_off, doc, d);
	const struct yml_node *items = yml_get(root, "items");
	if (items->n > MAX_LIST_ITEMS)
		return diag_error(d, BH_ELIMIT, items->line + line_off,
				  items->col, "a List of more than %d items",
				  MAX_LIST_ITEMS);
	for (size_t i = 0; i < items->n; i++) {
		if (!k8s_is_object(items->items[i]))
			continue;
		int rc = add_object(a, m, items->items[i], line_off, doc, d);
		if (rc)
			return rc;
	}
	return BH_OK;
}
