/* SPDX-License-Identifier: Apache-2.0
 *
 * k8s_model.h - Kubernetes objects as the Kubernetes rules see them.
 *
 * k8s_model_add_doc() reads the YAML tree of one document into objects:
 * one per document, or one per item of a List (kind: List / *List).
 * Workloads (Pod, PodTemplate, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob) get a struct k8s_pod:
 * the pod spec, its metadata (annotations) and every container,
 * initContainer and ephemeralContainer.  Other kinds (Service, ConfigMap,
 * Secret, custom resources...) are kept with their kind and root; in
 * kinds other than ConfigMap and Secret the tree is searched (depth and
 * visits bounded) for pod-shaped mappings: a "containers:" list of
 * mappings with name or image (JobSet, MPIJob, RayCluster, Knative
 * Service, operator CRs...), a "container:" or "script:" mapping with an
 * image (Argo templates), a "steps:"/"sidecars:" list of mappings with an
 * image (Tekton; a "stepTemplate:" is read as a container too, and as
 * its steps inherit it the object is partial), or a "podTemplate:" with
 * a spec (ECK).  Each one found
 * becomes an object of its own (same kind, name and root, "custom" set)
 * whose pod is that mapping, so one custom resource may give several
 * objects.  Elsewhere a lone container-shaped mapping (a scalar image and
 * a securityContext mapping or a command/args list: a Litmus
 * ChaosExperiment's definition, a RedisFailover's exporter) gives an
 * object whose pod holds just that container, partial
 * (K8S_PARTIAL_OPERATOR): what it sets is judged.
 *
 * An object is partial (enum k8s_partial) when it cannot be a whole
 * object: a container without image (or a pod with no container), or an
 * apps/v1 Deployment, StatefulSet, DaemonSet or ReplicaSet without
 * spec.selector; the front end marks the objects of a file a
 * kustomization lists as a patch.
 *
 * Security settings are resolved as the kubelet resolves them: a field of
 * the container's securityContext wins, else the same field of the pod's
 * securityContext applies (runAsUser, runAsGroup, runAsNonRoot,
 * seccompProfile, appArmorProfile, seLinuxOptions, windowsOptions); the
 * value then has "inherited" set.  Fields that exist only per container
 * (privileged, allowPrivilegeEscalation, readOnlyRootFilesystem,
 * procMount, capabilities) are read from the container alone.  A key
 * whose value is null counts as absent.
 *
 * Positions: every struct k8s_val carries the absolute 1-based line and
 * column of its key and of its value.  YAML nodes are positioned relative
 * to the text their document was parsed from; add the object's "line_off"
 * (k8s_span() does) to get lines in the file.
 *
 * Memory: everything comes from the caller's arena and lives until
 * arena_free(); the model borrows the YAML nodes (same arena).
 * Tests: tests/unit/k8s/test_k8s.c.
 */
#ifndef BH_K8S_MODEL_H
#define BH_K8S_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/span.h"
#include "../parse/yml.h"
#include "../util/arena.h"
#include "../util/diag.h"

/* One setting as it applies, with where it was written. */
struct k8s_val {
	const struct yml_node *key;    /* the key node; NULL = not set */
	const struct yml_node *value;  /* its value (never a null scalar) */
	int line, col, len;            /* absolute position of the key */
	int vline, vcol, vlen;         /* absolute position of the value */
	bool inherited;                /* from the pod's securityContext */
};

enum k8s_ctype {
	K8S_CONTAINER = 0,
	K8S_INIT_CONTAINER,
	K8S_EPHEMERAL_CONTAINER,
};

/* What a kustomization of the run deploys a container's image as (one
 * per root kustomization that deploys it, chained): set by
 * src/core/scan_k8s.c from src/core/kust_images.c, strings held by the
 * run's table; judged by the policy rules and the image pin rules
 * (BH3035-BH3037) instead of the image written. */
struct k8s_deployed {
	const char *ref;               /* the reference deployed */
	const char *root;              /* the root kustomization */
	const char *by_name, *by_tag;  /* "file:line" of the last images:
					  entry that set the name, the tag
					  or digest; NULL: as written */
	const struct k8s_deployed *next;
};

struct k8s_container {
	const char *name;              /* "" when it has none */
	const char *label;             /* how messages name it: the name, or
					  for one without (Argo, Knative,
					  Tekton) where it is: 'template
					  "x" container', "containers[0]" */
	enum k8s_ctype type;
	const struct yml_node *node;   /* the container mapping */
	int line, col;                 /* its first key ("- name:") */
	struct k8s_val image, pull_policy;
	const struct k8s_deployed *deployed; /* NULL: no kustomization of
						the run deploys it */
	struct k8s_val restart_policy; /* initContainers: Always = sidecar */
	struct k8s_val security_context; /* the container's own key */

	/* effective: container over pod */
	struct k8s_val run_as_user, run_as_group, run_as_non_root;
	struct k8s_val seccomp;        /* seccompProfile mapping */
	struct k8s_val seccomp_type;   /* seccompProfile.type */
	struct k8s_val apparmor_type;  /* appArmorProfile.type */
	struct k8s_val se_type, se_user, se_role; /* seLinuxOptions.* */
	struct k8s_val host_process;   /* windowsOptions.hostProcess */

	/* container only */
	struct k8s_val privileged, allow_privilege_escalation;
	struct k8s_val read_only_root_fs, proc_mount;
	struct k8s_val cap_add, cap_drop;  /* capabilities.add / .drop */

	struct k8s_val resources;
	struct k8s_val limits_cpu, limits_memory;
	struct k8s_val requests_cpu, requests_memory;
	struct k8s_val liveness, readiness, startup, lifecycle;
	struct k8s_val env, ports;
};

struct k8s_pod {
	const struct yml_node *spec;   /* the pod spec mapping */
	const struct yml_node *meta;   /* the pod's metadata, or NULL */
	struct k8s_val spec_key;       /* the "spec:" key of the pod spec */
	struct k8s_val host_network, host_pid, host_ipc, host_users;
	struct k8s_val automount_token, service_account;
	struct k8s_val restart_policy;
	struct k8s_val security_context; /* pod-level securityContext */
	struct k8s_val sysctls;        /* securityContext.sysctls */
	struct k8s_val fs_group, supplemental_groups;
	struct k8s_val volumes;
	bool windows;                  /* spec.os.name: windows */
	struct k8s_container *containers; /* all types, document order */
	size_t ncontainers;
};

/* Whether an object is whole or only what an overlay changes in a base
 * it is merged onto (a Kustomize patch): a partial object is judged for
 * what it sets, never for what it leaves out. */
enum k8s_partial {
	K8S_WHOLE = 0,
	K8S_PARTIAL_NO_IMAGE,     /* a container without image, or none */
	K8S_PARTIAL_NO_SELECTOR,  /* an apps/v1 workload without selector */
	K8S_PARTIAL_PATCH,        /* a kustomization lists the file as a
				     patch (set by src/core/scan_k8s.c) */
	K8S_PARTIAL_OPERATOR,     /* a lone container-shaped mapping of a
				     custom resource: its operator makes
				     the pod and fills in the rest */
};

struct k8s_object {
	const char *api_version;       /* "" when missing */
	const char *kind;              /* "" when missing */
	const char *name;              /* metadata.name, "" when missing */
	const struct yml_node *root;   /* the object mapping */
	const struct yml_node *metadata;
	struct k8s_val kind_v;         /* the kind: key */
	struct k8s_val namespace_v;    /* metadata.namespace */
	int line_off;                  /* add to node lines (k8s_span) */
	int doc;                       /* index of its document */
	bool batch;                    /* Job or CronJob */
	bool custom;                   /* a pod template found inside a
					  custom resource (see below) */
	enum k8s_partial partial;
	struct k8s_pod *pod;           /* workloads only, else NULL */
};

struct k8s_doc {
	const struct yml_node *root;   /* NULL for an empty document */
	int line_off;
};

/* One entry of a kustomization's images: list (name, newName, newTag,
 * digest), read by src/core/scan_k8s.c: Kustomize rewrites every
 * container image named "name" to the reference this entry produces,
 * which the policy rules judge at the entry (src/rules/rules_policy.c).
 * Strings in the scan's arena; absent keys are NULL. */
struct k8s_image_override {
	const char *name;              /* the image it rewrites */
	const char *new_name, *new_tag, *digest;
	const char *ref;               /* what it produces: (newName|name)
					  then @digest, else :newTag */
	bool complete;                 /* newTag or digest given: the tag
					  or digest is the entry's, not the
					  rewritten image's own */
	struct bh_span span;           /* the entry's key that decides
					  (newName, else digest, newTag,
					  name) */
	bool applied;                  /* it rewrote an image of a manifest
					  the run scans: judged there, as
					  deployed (src/core/kust_images.c) */
	const struct yml_node *node;   /* the entry's mapping (the fix
					  edits it) */
	bool decides;                  /* it set the tag or digest an image
					  of the run is deployed with (no
					  later entry changed it): the image
					  pin rules judge it here */
};

struct k8s_model {
	struct k8s_object *objects;
	size_t nobjects;
	/* a kustomization's images: (no objects of its own) */
	struct k8s_image_override *overrides;
	size_t noverrides;
	struct k8s_doc *docs;
	size_t ndocs;
	size_t objects_cap, docs_cap;  /* internal: allocated lengths */
};

/* Whether "root" is a Kubernetes object: a mapping with scalar apiVersion
 * and kind. */
bool k8s_is_object(const struct yml_node *root);

/* Whether "o" is only an overlay of some base (o->partial set). */
bool k8s_is_partial(const struct k8s_object *o);

/* Add the document "root" (parsed from text whose line 1 is line
 * "line_off" + 1 of the file) to "m".  A document that is not an object
 * is recorded in m->docs only; the caller decides whether that is an
 * error.  Returns BH_OK, or BH_ENOMEM / BH_ELIMIT (arena cap) with the
 * cause in "d". */
int k8s_model_add_doc(struct arena *a, struct k8s_model *m,
		      const struct yml_node *root, int line_off,
		      struct diag *d);

/* The absolute span of node "n" of object "o". */
struct bh_span k8s_span(const struct k8s_object *o, const struct yml_node *n);
/* The absolute span of a value's key (when set). */
struct bh_span k8s_val_span(const struct k8s_val *v);
/* The absolute span of a value's value. */
struct bh_span k8s_val_vspan(const struct k8s_val *v);

/* Whether a value is set (key present, value not null). */
bool k8s_val_set(const struct k8s_val *v);
/* A boolean value: true and *out set when "v" is set to true/false,
 * read as kubectl reads YAML (1.1: yes/no/on/off too; quoted = string). */
bool k8s_val_bool(const struct k8s_val *v, bool *out);
/* An integer value (plain or quoted decimal). */
bool k8s_val_int(const struct k8s_val *v, long long *out);
/* The scalar text of "v", or NULL when unset or not a scalar. */
const char *k8s_val_str(const struct k8s_val *v);

/* The value at "path" ('.'-separated keys, e.g. "seccompProfile.type")
 * of the pod-level securityContext of workload "o" (unset when absent):
 * Pod Security admission judges the pod's own setting even when every
 * container overrides it. */
struct k8s_val k8s_pod_sc(const struct k8s_object *o, const char *path);

/* "container", "initContainer" or "ephemeralContainer". */
const char *k8s_ctype_name(enum k8s_ctype t);

#endif
