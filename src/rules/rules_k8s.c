/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_k8s.c - the Kubernetes rule family (BH3001-BH3099; the RBAC
 * rules, BH3101-BH3199, are src/rules/rules_k8s_rbac.c).
 *
 * This file owns the Kubernetes rows of the rule table and their checks:
 * the Pod Security Standards baseline (flag BH_RULE_PSS_BASELINE: they
 * always run) and restricted profiles (BH_RULE_PSS_RESTRICTED: the
 * restricted controls, seccomp, drop ALL, runAsNonRoot,
 * allowPrivilegeEscalation, volume types..., run by default and turned
 * off by --profile baseline), and the practices of shared/practices.tsv that
 * apply to manifests: users, capabilities, host access, seccomp,
 * AppArmor/SELinux, read-only root, limits, probes, image pins, literal
 * secrets in env, Secrets and ConfigMaps, service account tokens,
 * namespaces, NetworkPolicies and SSH ports.  Each added capability gets
 * exactly one finding, graded by risk (BH3004-BH3007) or by its Pod
 * Security category (BH3008-BH3009); grades and categories come from
 * src/rules/cap_risk.c, shared with Compose.
 *
 * It reads only struct k8s_model (src/model/k8s_model.h); pod-level
 * securityContext values already apply to each container there.  Where
 * Pod Security admission judges the pod's own setting even if every
 * container overrides it (runAsUser 0, seccomp/AppArmor Unconfined,
 * SELinux options, hostProcess), the pod's key is reported once and each
 * container only for what it sets itself; elsewhere a value inherited
 * from the pod is reported once per pod, at the pod's key (rep()
 * drops the repeats).  Linux-only settings are not judged on Windows pods.
 *
 * Positions: a finding points at the key (or value) that is wrong; a
 * missing container setting at the container's "- name:" line; a missing
 * pod setting at the object's kind: line.
 *
 * The image pin rules (BH3035-BH3037) judge an image the run's
 * kustomizations deploy (k8s_container .deployed) as each root deploys
 * it, at the line as written, naming the images: entry that decides;
 * BH3035 and BH3036 judge a tag or digest an images: entry sets at that
 * entry instead (k8s_image_override .decides), where `fix --pins` pins
 * it.  BH3044's Java signal reads the deployed images too.
 *
 * Tests: tests/cases/kubernetes/BH3xxx-*.case,
 * tests/cases/kubernetes/k8s-kustomize-image-pins*.case,
 * tests/cases/kubernetes/k8s-kustomize-component-images*.case,
 * tests/cases/kubernetes/k8s-kustomize-jdwp-newname*.case, tests/unit/k8s/;
 * the fixes: tests/fix/k8s-*, tests/suites/fix.sh.
 */
#include "families.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cap_risk.h"
#include "host_path.h"
#include "cmdpw.h"
#include "java_sign.h"
#include "../core/config.h"
#include "../model/k8s_model.h"
#include "../secrets/secrets.h"

#define K8S(id_, sev_, practice_) \
	.id = id_, .severity = sev_, .practice = practice_, \
	.target = BH_TARGET_K8S

/* ---- reporting ---- */

/* A value inherited from the pod is seen once per container: reported
 * once (bh_reported_at). */
static bool just_reported(const struct bh_check *c, const struct bh_rule *r,
			  struct bh_span span)
{
	return bh_reported_at(c, r, span, 16);
}

static void rep(struct bh_check *c, const struct bh_rule *r,
		struct bh_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void rep(struct bh_check *c, const struct bh_rule *r,
		struct bh_span span, const char *fmt, ...)
{
	if (just_reported(c, r, span))
		return;
	/* formatted once, cut as a 1024-byte buffer cuts it */
	va_list ap;
	va_start(ap, fmt);
	bh_vreport_cut(c, r, span, (struct bh_span){ 0, 0, 0, 0 }, 1024, fmt,
		       ap);
	va_end(ap);
}

/* A finding at "at" (a key) that reports the secret value of scalar "v"
 * of object "o" (its content is hidden). */
static void rep_secret(struct bh_check *c, const struct bh_rule *r,
		       const struct k8s_object *o, struct bh_span at,
		       const struct yml_node *v, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void rep_secret(struct bh_check *c, const struct bh_rule *r,
		       const struct k8s_object *o, struct bh_span at,
		       const struct yml_node *v, const char *fmt, ...)
{
	struct bh_span hide = yml_value_span(v);
	if (hide.line)
		hide.line += o->line_off;
	if (hide.end_line)
		hide.end_line += o->line_off;
	if (just_reported(c, r, at)) {
		bh_hide(c, hide, NULL);
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	bh_vreport_cut(c, r, at, hide, 1024, fmt, ap);
	va_end(ap);
}

/* "container \"app\" of Deployment \"web\"", or for a container
 * without a name where it is: "template \"gen\" script of Workflow
 * \"w\"", "containers[0] of Service \"hello\"" (k8s_model.h) */
/* At most max bytes of s after buf[*n], as printf's "%.<max>s" writes
 * it (glibc's "(null)" for NULL): who() and obj_name() run once a
 * finding, and vsnprintf was most of their cost. */
static void put_max(char *buf, size_t *n, const char *s, size_t max)
{
	if (!s)
		s = "(null)";
	size_t l = strnlen(s, max);
	memcpy(buf + *n, s, l);
	*n += l;
}

static void put_lit(char *buf, size_t *n, const char *s)
{
	put_max(buf, n, s, strlen(s));
}

/* "container \"name\" of Kind \"name\"", or "label of Kind \"name\"" */
static const char *who(struct bh_check *c, const struct k8s_object *o,
		       const struct k8s_container *k)
{
	char buf[320];  /* 64 + 80 + 40 + 80 + 12, or 120 + 40 + 80 + 8 */
	size_t n = 0;
	if (*k->name || !k->label || !*k->label) {
		put_max(buf, &n, k8s_ctype_name(k->type), 64); /* <= 18 */
		put_lit(buf, &n, " \"");
		put_max(buf, &n, k->name, 80);
		put_lit(buf, &n, "\" of ");
	} else {
		put_max(buf, &n, k->label, 120);
		put_lit(buf, &n, " of ");
	}
	put_max(buf, &n, o->kind, 40);
	put_lit(buf, &n, " \"");
	put_max(buf, &n, o->name, 80);
	put_lit(buf, &n, "\"");
	const char *s = arena_strndup(c->arena, buf, n);
	return s ? s : "container";
}

static const char *obj_name(struct bh_check *c, const struct k8s_object *o)
{
	char buf[160];
	size_t n = 0;
	put_max(buf, &n, o->kind, 40);
	put_lit(buf, &n, " \"");
	put_max(buf, &n, o->name, 80);
	put_lit(buf, &n, "\"");
	const char *s = arena_strndup(c->arena, buf, n);
	return s ? s : "object";
}

static struct bh_span at_ctr(const struct k8s_container *k)
{
	return bh_span_at(k->line, k->col, 0);
}

static struct bh_span at_kind(const struct k8s_object *o)
{
	return k8s_val_span(&o->kind_v);
}

/* Where a setting is: its key, else the container. */
static struct bh_span at_val_or_ctr(const struct k8s_val *v,
				    const struct k8s_container *k)
{
	return k8s_val_set(v) ? k8s_val_span(v) : at_ctr(k);
}

static const char *from_pod(const struct k8s_val *v)
{
	return v->inherited ? " (from the pod's securityContext)" : "";
}

#define FOR_CONTAINERS(c, o, k)                                             \
	for (size_t oi_ = 0; oi_ < (c)->k8s->nobjects; oi_++)               \
		for (const struct k8s_object *o = &(c)->k8s->objects[oi_];  \
		     o; o = NULL)                                            \
			for (size_t ci_ = 0;                                 \
			     o->pod && ci_ < o->pod->ncontainers; ci_++)     \
				for (const struct k8s_container *k =         \
					     &o->pod->containers[ci_];       \
				     k; k = NULL)

/* Linux-only settings are not judged on Windows pods (spec.os.name),
 * as Pod Security admission skips them there. */
#define LINUX_ONLY(o)                                                       \
	if ((o)->pod->windows)                                               \
		continue

#define FOR_PODS(c, o)                                                      \
	for (size_t oi_ = 0; oi_ < (c)->k8s->nobjects; oi_++)               \
		for (const struct k8s_object *o = &(c)->k8s->objects[oi_];  \
		     o; o = NULL)                                            \
			if (o->pod)

static bool is_true(const struct k8s_val *v)
{
	bool b = false;
	return k8s_val_bool(v, &b) && b;
}

/* An overlay (Kustomize patch) is judged for what it sets, never for
 * what it leaves out: "missing X" findings skip it. */
#define WHOLE_ONLY(o)                                                       \
	if (k8s_is_partial(o))                                               \
		continue

/* privileged: true is reported once (BH3001): the settings it makes
 * moot (allowPrivilegeEscalation, dropped capabilities) are not asked
 * for on top. */
static bool privileged(const struct k8s_container *k)
{
	return is_true(&k->privileged);
}

static bool is_false(const struct k8s_val *v)
{
	bool b = true;
	return k8s_val_bool(v, &b) && !b;
}

static bool str_is(const struct k8s_val *v, const char *s)
{
	const char *t = k8s_val_str(v);
	return t && !strcmp(t, s);
}


/* ---- fixes (`bulkhead fix`, docs/fix.md) ----
 * Keys are added as text at the container's (or pod spec's) own
 * positions with bh_fix_yaml_put (fix_edit.c): several rules adding keys
 * under one missing "securityContext:" (or "resources:\n  limits:")
 * make insertions at one point whose parent lines are their edits'
 * head, which src/fix writes once.  A value set wrong is replaced where
 * it is written (a pod-level value once, at the pod's key). */

#define NOVAL ((size_t)-1)

static const struct k8s_val *val_at(const struct k8s_container *k,
				    size_t off)
{
	return off == NOVAL ? NULL
			    : (const struct k8s_val *)((const char *)k + off);
}

static bool at_span(const struct bh_finding *f, int line, int col)
{
	return f->span.line == line && f->span.col == col;
}

/* The default UID (fix.uid) as text, and the note naming it. */
static const char *fix_uid(struct bh_check *c, const char **note)
{
	const char *from;
	long uid = bh_fix_uid(c, &from);
	*note = arena_printf(c->arena, "UID %ld, %s", uid, from);
	return arena_printf(c->arena, "%ld", uid);
}

/* Whether no container of the pod sets (or inherits) the setting at
 * "voff", and there are several: then one pod-level key says it once. */
static bool pod_wide(const struct k8s_object *o, size_t voff)
{
	if (!o->pod->spec || !yml_is_map(o->pod->spec) || o->pod->ncontainers < 2)
		return false;
	for (size_t j = 0; j < o->pod->ncontainers; j++) {
		const struct k8s_val *w = val_at(&o->pod->containers[j], voff);
		if (w && k8s_val_set(w))
			return false;
	}
	return true;
}

/* A container setting: missing (the finding at the container) -> the
 * leaves under "path" of the container, or with "pod" (a setting the
 * pod's securityContext also takes) of the pod spec when no container of
 * a pod of several has it (each container's finding makes the same
 * edit; src/fix keeps one); set (the finding at its key, possibly the
 * pod's) -> its value becomes "value" (NULL: left). */
static void fix_ctr_setting_at(struct bh_check *c, const struct bh_rule *r,
			       const struct bh_finding *f, size_t voff,
			       const char *path, const char *const *leaves,
			       const char *value, bool pod, const char *note)
{
	FOR_CONTAINERS(c, o, k) {
		const struct k8s_val *v = val_at(k, voff);
		bool set = v && k8s_val_set(v);
		if (!set && at_span(f, k->line, k->col)) {
			/* the pod's when it can be written there (not in an
			 * anchored mapping, nor past a null or scalar), else
			 * the container's */
			if (!(pod && pod_wide(o, voff) &&
			      bh_fix_yaml_put(c, NULL, o->pod->spec, o->line_off,
					      path, leaves, note) &&
			      bh_fix_yaml_put(c, r, o->pod->spec, o->line_off,
					      path, leaves, note)))
				bh_fix_yaml_put(c, r, k->node, o->line_off, path,
						leaves, note);
			return;
		}
		if (set && value && at_span(f, v->line, v->col)) {
			if (!bh_fix_yaml_scalar(c, r, v->value, o->line_off,
						value, note) && !c->fix_why)
				bh_fix_why(c, "%s at line %d is not a one-line "
					   "plain value: not replaced (change it "
					   "by hand)", leaves[0], v->line);
			return;
		}
		if (set && !value && at_span(f, v->line, v->col)) {
			bh_fix_why(c, "%s is written (line %d): the value is "
				   "the author's, not replaced (change it by "
				   "hand)", leaves[0], v->line);
			return;
		}
	}
}

static void fix_ctr_setting(struct bh_check *c, const struct bh_rule *r,
			    const struct bh_finding *f, size_t voff,
			    const char *path, const char *const *leaves,
			    const char *value, const char *note)
{
	fix_ctr_setting_at(c, r, f, voff, path, leaves, value, false, note);
}

static void fix_bh3010(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	FOR_CONTAINERS(c, o, k) {
		if (k8s_val_set(&k->cap_drop) &&
		    at_span(f, k->cap_drop.line, k->cap_drop.col)) {
			bh_fix_yaml_add_item(c, r, k->cap_drop.value,
					     o->line_off, "ALL", NULL);
			return;
		}
	}
	static const char *const l[] = { "drop", "[ALL]", NULL };
	fix_ctr_setting(c, r, f, offsetof(struct k8s_container, cap_drop),
			"securityContext.capabilities", l, NULL, NULL);
}

static void fix_bh3016(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	static const char *const l[] = { "type", "RuntimeDefault", NULL };
	fix_ctr_setting_at(c, r, f,
			   offsetof(struct k8s_container, seccomp_type),
			   "securityContext.seccompProfile", l, NULL, true,
			   NULL);
}

static void fix_bh3023(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	static const char *const l[] = { "allowPrivilegeEscalation", "false",
					 NULL };
	fix_ctr_setting(c, r, f,
			offsetof(struct k8s_container, allow_privilege_escalation),
			"securityContext", l, "false", NULL);
}

#define NONROOT_PART "runAsNonRoot: true, which a non-root runAsUser " \
	"wants (part of the same fix)"

/* runAsUser: 0 (the pod's or a container's) -> fix.uid, with
 * runAsNonRoot: true beside it (else BH3026 would ask for it). */
static void fix_bh3024(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const char *note, *uid = fix_uid(c, &note);
	if (!uid || !note)
		return;
	static const char *const nr[] = { "runAsNonRoot", "true", NULL };
	FOR_PODS(c, o) {
		struct k8s_val v = k8s_pod_sc(o, "runAsUser");
		struct k8s_val n = k8s_pod_sc(o, "runAsNonRoot");
		if (k8s_val_set(&v) && at_span(f, v.line, v.col)) {
			if (bh_fix_yaml_scalar(c, r, v.value, o->line_off, uid,
					       note) && !is_true(&n))
				bh_fix_yaml_put(c, r, o->pod->security_context.value,
						o->line_off, "", nr,
						NONROOT_PART);
			return;
		}
	}
	FOR_CONTAINERS(c, o, k) {
		const struct k8s_val *v = &k->run_as_user;
		if (k8s_val_set(v) && !v->inherited && at_span(f, v->line, v->col)) {
			if (bh_fix_yaml_scalar(c, r, v->value, o->line_off, uid,
					       note) &&
			    !is_true(&k->run_as_non_root))
				bh_fix_yaml_put(c, r, k->security_context.value,
						o->line_off, "", nr,
						NONROOT_PART);
			return;
		}
	}
}

static void fix_bh3025(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	static const char *const l[] = { "runAsNonRoot", "true", NULL };
	fix_ctr_setting_at(c, r, f,
			   offsetof(struct k8s_container, run_as_non_root),
			   "securityContext", l, "true", true, NULL);
}

static void fix_bh3026(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	static const char *const l[] = { "runAsNonRoot", "true", NULL };
	fix_ctr_setting_at(c, r, f,
			   offsetof(struct k8s_container, run_as_non_root),
			   "securityContext", l, "true", true, NULL);
}

/* No runAsUser -> fix.uid (a low UID written is the author's); in the
 * pod's securityContext, once, when no container of a pod of several
 * sets it (as BH3016, BH3025, BH3026). */
static void fix_bh3027(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const char *note, *uid = fix_uid(c, &note);
	if (!uid || !note)
		return;
	FOR_CONTAINERS(c, o, k) {
		const struct k8s_val *g = &k->run_as_group;
		if (k8s_val_set(g) && at_span(f, g->line, g->col)) {
			bh_fix_why(c, "runAsGroup is written (line %d): the "
				   "value is the author's, not replaced (change "
				   "it by hand)", g->line);
			return;
		}
	}
	const char *const l[] = { "runAsUser", uid, NULL };
	fix_ctr_setting_at(c, r, f, offsetof(struct k8s_container, run_as_user),
			   "securityContext", l, NULL, true, note);
}

/* No runAsGroup -> fix.uid (GID 0 written is the author's); pod-wide as
 * BH3027. */
static void fix_bh3028(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const char *note, *uid = fix_uid(c, &note);
	if (!uid || !note)
		return;
	const char *const l[] = { "runAsGroup", uid, NULL };
	fix_ctr_setting_at(c, r, f, offsetof(struct k8s_container, run_as_group),
			   "securityContext", l, NULL, true, note);
}

/* Whether container "k" mounts something at /tmp. */
static bool mounts_tmp(const struct k8s_container *k)
{
	const struct yml_node *vm = yml_get(k->node, "volumeMounts");
	for (size_t i = 0; yml_is_seq(vm) && i < vm->n; i++)
		if (yml_scalar_eq(yml_get(vm->items[i], "mountPath"), "/tmp"))
			return true;
	return false;
}

/* The pod's volume named "name", or NULL. */
static const struct yml_node *pod_volume(const struct k8s_pod *p,
					 const char *name)
{
	const struct yml_node *vs = p->volumes.value;
	for (size_t i = 0; yml_is_seq(vs) && i < vs->n; i++)
		if (yml_scalar_eq(yml_get(vs->items[i], "name"), name))
			return vs->items[i];
	return NULL;
}

/* Whether container "k" has a finding of "r" in this run (at it, or at
 * its readOnlyRootFilesystem key). */
static bool has_3029(const struct bh_check *c, const struct bh_rule *r,
		     const struct k8s_container *k)
{
	const struct k8s_val *v = &k->read_only_root_fs;
	for (size_t i = 0; c->out && i < c->out->n; i++) {
		const struct bh_finding *f = &c->out->v[i];
		if (f->rule == r && (at_span(f, k->line, k->col) ||
				     (k8s_val_set(v) &&
				      at_span(f, v->line, v->col))))
			return true;
	}
	return false;
}

#define TMP_PART "the /tmp emptyDir a read-only root needs (part of the same fix)"

/* readOnlyRootFilesystem: true, and /tmp stays writable: an emptyDir
 * volume "tmp" (added once per pod, by its first container fixed)
 * mounted at /tmp, unless the container mounts /tmp already.  A pod
 * with a volume "tmp" that is no emptyDir is left alone. */
/* The /tmp mount of container "k" (r NULL: whether it can be made): an
 * item of its volumeMounts in that list's style, or a new volumeMounts
 * key, a block list in a block mapping, else a flow one. */
static bool tmp_mount(struct bh_check *c, const struct bh_rule *r,
		      const struct k8s_object *o, const struct k8s_container *k)
{
	static const char *const kv[] = { "name", "tmp", "mountPath", "/tmp",
					  NULL };
	const struct yml_node *vm = yml_get(k->node, "volumeMounts");
	if (vm)
		return bh_fix_yaml_add_map_item(c, r, vm, o->line_off, kv,
						TMP_PART);
	return bh_fix_yaml_put(c, r, k->node, o->line_off, "",
			       (const char *const[]){
				       "volumeMounts",
				       "\n- name: tmp\n  mountPath: /tmp", NULL },
			       TMP_PART) ||
	       bh_fix_yaml_put(c, r, k->node, o->line_off, "",
			       (const char *const[]){
				       "volumeMounts",
				       "[{name: tmp, mountPath: /tmp}]", NULL },
			       TMP_PART);
}

/* The pod's "tmp" emptyDir volume (r NULL: whether it can be made), in
 * the style of its volumes list, or a new key as tmp_mount() makes it. */
static bool tmp_volume(struct bh_check *c, const struct bh_rule *r,
		       const struct k8s_object *o)
{
	static const char *const kv[] = { "name", "tmp", "emptyDir", "{}",
					  NULL };
	if (k8s_val_set(&o->pod->volumes))
		return bh_fix_yaml_add_map_item(c, r, o->pod->volumes.value,
						o->line_off, kv, TMP_PART);
	return bh_fix_yaml_put(c, r, o->pod->spec, o->line_off, "",
			       (const char *const[]){
				       "volumes", "\n- name: tmp\n  emptyDir: {}",
				       NULL },
			       TMP_PART) ||
	       bh_fix_yaml_put(c, r, o->pod->spec, o->line_off, "",
			       (const char *const[]){
				       "volumes", "[{name: tmp, emptyDir: {}}]",
				       NULL },
			       TMP_PART);
}

/* readOnlyRootFilesystem: true, and /tmp stays writable: an emptyDir
 * volume "tmp" (added once per pod, by its first container this run
 * fixes) mounted at /tmp, unless the container mounts /tmp already.
 * Nothing is changed when any of it cannot be written, or when the pod
 * has a volume "tmp" that is no emptyDir. */
static void fix_bh3029(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	FOR_CONTAINERS(c, o, k) {
		const struct k8s_val *v = &k->read_only_root_fs;
		bool set = k8s_val_set(v);
		if (!(set ? at_span(f, v->line, v->col)
			  : at_span(f, k->line, k->col)))
			continue;
		const struct yml_node *tv = pod_volume(o->pod, "tmp");
		bool need = !mounts_tmp(k), vol = false;
		if (need && tv && !yml_get_pair(tv, "emptyDir")) {
			bh_fix_why(c, "the pod has a volume tmp that is no "
				   "emptyDir: no /tmp mount made for the "
				   "read-only root (edit by hand)");
			return;
		}
		if (need && !tv) {
			/* the volume: by the pod's first container fixed */
			vol = true;
			for (size_t i = 0; i < o->pod->ncontainers; i++) {
				const struct k8s_container *k2 =
					&o->pod->containers[i];
				if (k2 == k)
					break;
				if (has_3029(c, r, k2) && !mounts_tmp(k2))
					vol = false;
			}
			/* every container of the pod fixed needs the volume */
			if (!o->pod->spec || !tmp_volume(c, NULL, o)) {
				if (!c->fix_why)
					bh_fix_why(c, "no place to add the "
						   "pod's tmp volume%s (edit by "
						   "hand)", c->text_len &&
						   c->text[c->text_len - 1] !=
							   '\n'
						   ? ": the file does not end "
						     "with a newline" : "");
				return;
			}
		}
		static const char *const l[] = { "readOnlyRootFilesystem",
						  "true", NULL };
		if (need && !tmp_mount(c, NULL, o, k)) {
			if (!c->fix_why)
				bh_fix_why(c, "no place to add the container's "
					   "/tmp mount (edit by hand)");
			return;
		}
		if (set ? !bh_fix_yaml_scalar(c, NULL, v->value, o->line_off,
					      "true", NULL)
			: !bh_fix_yaml_put(c, NULL, k->node, o->line_off,
					   "securityContext", l, NULL)) {
			if (!c->fix_why)
				bh_fix_why(c, "readOnlyRootFilesystem is not a "
					   "one-line plain value: not replaced "
					   "(change it by hand)");
			return;
		}
		if (set)
			bh_fix_yaml_scalar(c, r, v->value, o->line_off, "true",
					   NULL);
		else
			bh_fix_yaml_put(c, r, k->node, o->line_off,
					"securityContext", l, NULL);
		if (need)
			tmp_mount(c, r, o, k);
		if (vol)
			tmp_volume(c, r, o);
		return;
	}
}

/* resources: limits.memory = fix.memory, limits.cpu = 500m, the
 * missing requests cpu = 100m and memory = fix.memory. */
static const char *fix_mem(struct bh_check *c, const char **note)
{
	const char *m = c->config ? c->config->fix_memory : "512M";
	*note = arena_printf(c->arena, "memory %s, %s", m,
			     c->config && c->config->fix_memory_set
				     ? "fix.memory of .bulkhead.yaml"
				     : "the fix.memory default (set fix.memory "
				       "in .bulkhead.yaml)");
	return m;
}

static void fix_bh3030(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const char *note, *m = fix_mem(c, &note);
	const char *const l[] = { "memory", m, NULL };
	fix_ctr_setting(c, r, f, offsetof(struct k8s_container, limits_memory),
			"resources.limits", l, NULL, note);
}

#define FIX_CPU_LIMIT "500m"
#define FIX_CPU_REQUEST "100m"

static void fix_bh3031(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	static const char *const l[] = { "cpu", FIX_CPU_LIMIT, NULL };
	fix_ctr_setting(c, r, f, offsetof(struct k8s_container, limits_cpu),
			"resources.limits", l, NULL,
			"cpu " FIX_CPU_LIMIT " (half a CPU; set it to what the "
			"service needs)");
}

static void fix_bh3032(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	FOR_CONTAINERS(c, o, k) {
		if (!at_span(f, k->line, k->col))
			continue;
		const char *note, *m = fix_mem(c, &note);
		const char *l[5] = { NULL };
		size_t n = 0;
		if (!k8s_val_set(&k->requests_cpu) && !k8s_val_set(&k->limits_cpu)) {
			l[n++] = "cpu";
			l[n++] = FIX_CPU_REQUEST;
		}
		if (!k8s_val_set(&k->requests_memory) &&
		    !k8s_val_set(&k->limits_memory)) {
			l[n++] = "memory";
			l[n++] = m;
		}
		if (n)
			bh_fix_yaml_put(c, r, k->node, o->line_off,
					"resources.requests", l,
					arena_printf(c->arena, "%s%s%s",
						     l[0] == m ? "" :
						     "cpu " FIX_CPU_REQUEST,
						     n == 4 ? ", " : "",
						     n == 4 || l[0] == m ? note
									 : ""));
		return;
	}
}

/* ---- privileged, host access ---- */

static void check_bh3001(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		if (!is_true(&k->privileged))
			continue;
		bool userns = is_false(&o->pod->host_users);
		struct bh_span at = k8s_val_span(&k->privileged);
		if (!userns) {
			rep(c, r, at, "%s runs privileged", who(c, o, k));
			continue;
		}
		/* root in a user namespace is not root on the node: high */
		if (!just_reported(c, r, at))
			bh_report_severity(c, r, BH_SEV_HIGH, at,
					   "%s runs privileged (in a user "
					   "namespace: hostUsers: false)",
					   who(c, o, k));
	}
}

static const struct bh_rule rule_bh3001 = {
	K8S("BH3001", BH_SEV_CRITICAL, "no-privileged"),
	.title = "Privileged container",
	.why = "privileged: true gives the container every capability "
	       "and all host devices: it is root on the node (high, not "
	       "critical, in a pod with hostUsers: false, whose root is "
	       "mapped to an unprivileged user of the node).",
	.fix = "Remove privileged: true; add back only the capability "
	       "the workload needs.",
	.trivy = "KSV-0017",
	.checkov = "CKV_K8S_16",
	.other = "PSS:baseline/privileged, kube-linter:privileged-"
		 "container, Polaris:runAsPrivileged, kubesec:Privileged, "
		 "kube-score:container-security-context-privileged",
	.check = check_bh3001,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3002(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		const struct k8s_val *v[] = { &o->pod->host_network,
					      &o->pod->host_pid,
					      &o->pod->host_ipc };
		for (size_t i = 0; i < 3; i++)
			if (is_true(v[i]))
				rep(c, r, k8s_val_span(v[i]),
				    "%s shares the host's %s namespace (%s: "
				    "true)", obj_name(c, o),
				    i == 0 ? "network" : i == 1 ? "PID" : "IPC",
				    v[i]->key->str);
	}
}

static const struct bh_rule rule_bh3002 = {
	K8S("BH3002", BH_SEV_HIGH, "host-namespaces"),
	.title = "Host network, PID or IPC namespace",
	.why = "hostNetwork, hostPID and hostIPC let the pod see and "
	       "reach the node's interfaces, processes or shared "
	       "memory.",
	.fix = "Remove hostNetwork/hostPID/hostIPC (or set them to "
	       "false).",
	.trivy = "KSV-0008, KSV-0009, KSV-0010",
	.checkov = "CKV_K8S_17, CKV_K8S_18, CKV_K8S_19",
	.other = "PSS:baseline/hostNamespaces, kube-linter:host-network, "
		 "kube-linter:host-pid, kube-linter:host-ipc, "
		 "Polaris:hostNetworkSet, Polaris:hostPIDSet, "
		 "Polaris:hostIPCSet, kubesec:HostNetwork, "
		 "kubesec:HostPID, kubesec:HostIPC",
	.check = check_bh3002,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3003(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		struct k8s_val v = k8s_pod_sc(o, "windowsOptions.hostProcess");
		if (is_true(&v))
			rep(c, r, k8s_val_span(&v),
			    "%s runs Windows HostProcess containers",
			    obj_name(c, o));
	}
	FOR_CONTAINERS(c, o, k) {
		if (!k->host_process.inherited && is_true(&k->host_process))
			rep(c, r, k8s_val_span(&k->host_process),
			    "%s is a Windows HostProcess container",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3003 = {
	K8S("BH3003", BH_SEV_HIGH, "no-privileged"),
	.title = "Windows HostProcess container",
	.why = "A HostProcess container runs as a process on the "
	       "Windows node with the node's access.",
	.fix = "Remove windowsOptions.hostProcess: true.",
	.trivy = "KSV-0103",
	.other = "PSS:baseline/hostProcess, Polaris:hostProcess",
	.check = check_bh3003,
	.flags = BH_RULE_PSS_BASELINE,
};

/* ---- capabilities (grades and PSS sets: cap_risk.c) ---- */

/* The id of the one rule that reports capability "name": BH3004-BH3007
 * by its risk for the rows cap_risk marks k8s_by_risk, else BH3008 or
 * BH3009 by its Pod Security category.  A name cap_risk does not know is
 * outside the baseline set. */
static const char *cap_rule(const char *name)
{
	const struct cap_risk *cr = cap_risk_find(name);
	if (!cr)
		return "BH3008";
	/* a capability restricted allows has no PSS finding: grade it */
	if (!cr->k8s_by_risk && cr->pss != CAP_PSS_RESTRICTED)
		return cr->pss == CAP_PSS_NONE ? "BH3008" : "BH3009";
	switch (cr->sev) {
	case BH_SEV_CRITICAL:
		return "BH3004";
	case BH_SEV_HIGH:
		return "BH3005";
	case BH_SEV_MEDIUM:
		return "BH3006";
	default:
		return "BH3007";
	}
}

/* Whether container "k" declares a containerPort below 1024 (what
 * NET_BIND_SERVICE is for). */
static bool low_port(const struct k8s_container *k)
{
	const struct yml_node *ports = k->ports.value;
	for (size_t i = 0; yml_is_seq(ports) && i < ports->n; i++) {
		long long n;
		const struct yml_node *p = yml_get(ports->items[i],
						   "containerPort");
		if (yml_is_scalar(p) && yml_as_int(p, true, &n) && n > 0 &&
		    n < 1024)
			return true;
	}
	return false;
}

static bool net_bind_service(const char *name)
{
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	return !strcasecmp(name, "NET_BIND_SERVICE");
}

/* BH3004-BH3009: one check for the six rows; each reports the added
 * capabilities cap_rule() gives to it.  NET_BIND_SERVICE (BH3007) is
 * what a container that declares a containerPort below 1024 needs: it is
 * reported only when none is declared (and not on a partial object,
 * whose ports are the base's). */
static void check_caps(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		/* privileged already has every capability: BH3001 says it
		 * once, the added ones are moot */
		if (privileged(k))
			continue;
		const struct yml_node *add = k->cap_add.value;
		for (size_t i = 0; yml_is_seq(add) && i < add->n; i++) {
			const struct yml_node *it = add->items[i];
			if (!yml_is_scalar(it) || yml_is_null(it) ||
			    strcmp(cap_rule(it->str), r->id) != 0)
				continue;
			bool nbs = net_bind_service(it->str);
			if (nbs && (low_port(k) || k8s_is_partial(o)))
				continue;
			if (nbs)
				rep(c, r, k8s_span(o, it),
				    "%s adds capability %s but declares no "
				    "containerPort below 1024", who(c, o, k),
				    it->str);
			else
				rep(c, r, k8s_span(o, it),
				    "%s adds capability %s", who(c, o, k),
				    it->str);
		}
	}
}

static const struct bh_rule rule_bh3004 = {
	K8S("BH3004", BH_SEV_CRITICAL, "dangerous-capabilities"),
	.title = "SYS_ADMIN, SYS_MODULE or ALL capabilities added",
	.why = "SYS_ADMIN (and ALL, which includes it) allows mounts, "
	       "namespace and BPF operations, SYS_MODULE loads kernel "
	       "code: known paths to escape to the node.",
	.fix = "Remove it from capabilities.add; find the narrow "
	       "capability the workload needs.",
	.trivy = "KSV-0005",
	.checkov = "CKV_K8S_39",
	.other = "PSS:baseline/capabilities, Polaris:dangerous"
		 "Capabilities, kubesec:CapSysAdmin",
	.check = check_caps,
	.flags = BH_RULE_PSS_BASELINE,
};

static const struct bh_rule rule_bh3005 = {
	K8S("BH3005", BH_SEV_HIGH, "dangerous-capabilities"),
	.title = "High-risk capability added",
	.why = "NET_ADMIN, NET_RAW, DAC_OVERRIDE, SETUID and SETGID let "
	       "a process spoof traffic, bypass file permissions or "
	       "change identity.",
	.fix = "Remove it from capabilities.add unless the workload "
	       "cannot run without it.",
	.trivy = "KSV-0119, KSV-0120, KSV-0022",
	.checkov = "CKV_K8S_25",
	.other = "Polaris:dangerousCapabilities, "
		 "Polaris:insecureCapabilities",
	.check = check_caps,
};

static const struct bh_rule rule_bh3006 = {
	K8S("BH3006", BH_SEV_MEDIUM, "dangerous-capabilities"),
	.title = "Medium-risk capability added",
	.why = "SYS_PTRACE lets a process read and alter other "
	       "processes; CHOWN takes ownership of any file.",
	.fix = "Remove it from capabilities.add unless needed (e.g. a "
	       "debugger sidecar).",
	.trivy = "KSV-0022",
	.checkov = "CKV_K8S_25",
	.other = "Polaris:insecureCapabilities",
	.check = check_caps,
};

static const struct bh_rule rule_bh3007 = {
	K8S("BH3007", BH_SEV_LOW, "dangerous-capabilities"),
	.title = "NET_BIND_SERVICE added without a port below 1024",
	.why = "NET_BIND_SERVICE is low risk, but only needed to bind "
	       "ports below 1024.  A container that declares a "
	       "containerPort below 1024 needs it (the narrow grant, "
	       "better than running as root) and is not reported; one "
	       "that declares none is (a partial object, whose ports "
	       "come from its base, is not judged).",
	.fix = "Listen on a port >= 1024 and drop the capability, or "
	       "declare the containerPort below 1024 it binds.",
	.checkov = "CKV_K8S_25",
	.check = check_caps,
};

static const struct bh_rule rule_bh3008 = {
	K8S("BH3008", BH_SEV_HIGH, "dangerous-capabilities"),
	.title = "Capability outside the Pod Security baseline added",
	.why = "The baseline profile allows only a small set of "
	       "capabilities; others (SYS_TIME, SYS_RAWIO, BPF, "
	       "PERFMON...) touch host-wide kernel state.",
	.fix = "Remove it from capabilities.add.",
	.trivy = "KSV-0022",
	.checkov = "CKV_K8S_25",
	.other = "PSS:baseline/capabilities",
	.check = check_caps,
	.flags = BH_RULE_PSS_BASELINE,
};

static const struct bh_rule rule_bh3009 = {
	K8S("BH3009", BH_SEV_LOW, "dangerous-capabilities"),
	.title = "Capability other than NET_BIND_SERVICE added",
	.why = "The restricted profile allows adding only "
	       "NET_BIND_SERVICE.",
	.fix = "Remove it from capabilities.add.",
	.trivy = "KSV-0106",
	.other = "PSS:restricted/capabilities",
	.check = check_caps,
	.flags = BH_RULE_PSS_RESTRICTED,
};

static void check_bh3010(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		LINUX_ONLY(o);
		if (privileged(k))
			continue; /* BH3001: capabilities are moot */
		const struct yml_node *drop = k->cap_drop.value;
		bool all = false;
		for (size_t i = 0; yml_is_seq(drop) && i < drop->n; i++) {
			const struct yml_node *it = drop->items[i];
			if (yml_is_scalar(it) &&
			    (!strcasecmp(it->str, "ALL") ||
			     !strcasecmp(it->str, "CAP_ALL")))
				all = true;
		}
		if (all)
			continue;
		if (k8s_val_set(&k->cap_drop))
			rep(c, r, k8s_val_span(&k->cap_drop),
			    "%s drops some capabilities but not ALL",
			    who(c, o, k));
		else if (!k8s_is_partial(o))
			rep(c, r, at_ctr(k),
			    "%s does not drop capabilities "
			    "(securityContext.capabilities.drop: [ALL])",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3010 = {
	K8S("BH3010", BH_SEV_MEDIUM, "drop-capabilities"),
	.title = "Capabilities not dropped (drop: [ALL])",
	.why = "Containers start with a default capability set (CHOWN, "
	       "DAC_OVERRIDE, SETUID, NET_RAW...) most workloads never "
	       "use.",
	.fix = "Set securityContext.capabilities.drop: [ALL] and add "
	       "back only what is needed.",
	.trivy = "KSV-0003, KSV-0004, KSV-0106",
	.checkov = "CKV_K8S_37, CKV_K8S_28",
	.other = "PSS:restricted/capabilities, kubesec:CapDropAll, "
		 "Polaris:insecureCapabilities, "
		 "kube-linter:drop-net-raw-capability",
	.check = check_bh3010,
	.fix_fn = fix_bh3010,
	.fix_risk = "a program that needs a capability (binding a port below 1024, "
		     "changing file owners, NET_RAW for ping) fails; add it back "
		     "with capabilities.add",
	.flags = BH_RULE_PSS_RESTRICTED,
};

/* ---- volumes ---- */

static void check_host_paths(struct bh_check *c, const struct bh_rule *r,
			     enum bh_host_path want)
{
	FOR_PODS(c, o) {
		const struct yml_node *vols = o->pod->volumes.value;
		for (size_t i = 0; yml_is_seq(vols) && i < vols->n; i++) {
			const struct yml_node *hp = yml_get(vols->items[i],
							    "hostPath");
			const struct yml_node *path = yml_get(hp, "path");
			if (!yml_is_scalar(path))
				continue;
			char p[512];
			bh_host_path_norm(path->str, p, sizeof(p));
			if (bh_host_path_class(p, NULL) != want)
				continue;
			const struct yml_node *name = yml_get(vols->items[i],
							      "name");
			rep(c, r, k8s_span(o, path),
			    "%s mounts host path %s (volume \"%s\")",
			    obj_name(c, o), path->str,
			    yml_is_scalar(name) ? name->str : "");
		}
	}
}

static void check_bh3011(struct bh_check *c, const struct bh_rule *r)
{
	check_host_paths(c, r, BH_HOST_SOCKET);
}

static const struct bh_rule rule_bh3011 = {
	K8S("BH3011", BH_SEV_CRITICAL, "docker-socket"),
	.title = "Container runtime socket mounted",
	.why = "The Docker, containerd or CRI-O socket is root on the "
	       "node: whoever reaches it can start a privileged "
	       "container.",
	.fix = "Do not mount it; build images with a rootless builder "
	       "(BuildKit rootless, kaniko).",
	.trivy = "KSV-0006",
	.checkov = "CKV_K8S_27",
	.other = "PSS:baseline/hostPathVolumes, kube-linter:docker-sock, "
		 "kubesec:DockerSock",
	.check = check_bh3011,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3012(struct bh_check *c, const struct bh_rule *r)
{
	check_host_paths(c, r, BH_HOST_SENSITIVE);
}

static const struct bh_rule rule_bh3012 = {
	K8S("BH3012", BH_SEV_HIGH, "docker-socket"),
	.title = "Sensitive host path mounted",
	.why = "Mounting /, /etc, /proc, /sys, /root, /dev, "
	       "/var/lib/kubelet or /var/lib/docker exposes node "
	       "credentials and control files to the pod.",
	.fix = "Use a configMap, secret or emptyDir volume instead of "
	       "the host path.",
	.trivy = "KSV-0023, KSV-0121",
	.other = "PSS:baseline/hostPathVolumes, kube-linter:sensitive-"
		 "host-mounts, kubesec:ProcMount, Polaris:hostPathSet",
	.check = check_bh3012,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3013(struct bh_check *c, const struct bh_rule *r)
{
	check_host_paths(c, r, BH_HOST_OTHER);
}

static const struct bh_rule rule_bh3013 = {
	K8S("BH3013", BH_SEV_MEDIUM, "docker-socket"),
	.title = "hostPath volume",
	.why = "A hostPath volume ties the pod to one node's files and "
	       "is forbidden by the baseline profile.",
	.fix = "Use a persistentVolumeClaim, emptyDir or configMap "
	       "volume.",
	.trivy = "KSV-0023",
	.other = "PSS:baseline/hostPathVolumes, Polaris:hostPathSet, "
		 "kube-linter:writable-host-mount",
	.check = check_bh3013,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3014(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		const struct yml_node *ports = k->ports.value;
		for (size_t i = 0; yml_is_seq(ports) && i < ports->n; i++) {
			const struct yml_node *hp = yml_get(ports->items[i],
							    "hostPort");
			long long v = 0;
			if (!hp || yml_is_null(hp) ||
			    (yml_as_int(hp, true, &v) && v == 0))
				continue;
			rep(c, r, k8s_span(o, hp), "%s binds host port %s",
			    who(c, o, k), yml_is_scalar(hp) ? hp->str : "?");
		}
	}
}

static const struct bh_rule rule_bh3014 = {
	K8S("BH3014", BH_SEV_HIGH, "port-binding"),
	.title = "hostPort used",
	.why = "A hostPort opens the port on the node's interfaces, "
	       "bypassing Services and NetworkPolicies.",
	.fix = "Remove hostPort; expose the pod through a Service.",
	.trivy = "KSV-0024",
	.checkov = "CKV_K8S_26",
	.other = "PSS:baseline/hostPorts, Polaris:hostPortSet",
	.check = check_bh3014,
	.flags = BH_RULE_PSS_BASELINE,
};

/* ---- seccomp, AppArmor, SELinux, /proc, sysctls ---- */

/* The annotation "key" of the pod's metadata, or NULL. */
static const struct yml_node *annotation(const struct k8s_pod *p,
					 const char *key)
{
	return yml_get(yml_get(p->meta, "annotations"), key);
}

static const struct yml_node *ctr_annotation(struct bh_check *c,
					     const struct k8s_pod *p,
					     const char *prefix,
					     const struct k8s_container *k)
{
	const char *key = arena_printf(c->arena, "%s%s", prefix, k->name);
	return key ? annotation(p, key) : NULL;
}

static bool seccomp_annotation_ok(const char *v)
{
	return !strcmp(v, "runtime/default") || !strcmp(v, "docker/default") ||
	       !strncmp(v, "localhost/", 10);
}

static void check_bh3015(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		struct k8s_val v = k8s_pod_sc(o, "seccompProfile.type");
		if (str_is(&v, "Unconfined"))
			rep(c, r, k8s_val_vspan(&v),
			    "%s runs its pod without seccomp (type: "
			    "Unconfined)", obj_name(c, o));
		const struct yml_node *a = annotation(
			o->pod, "seccomp.security.alpha.kubernetes.io/pod");
		if (yml_is_scalar(a) && !seccomp_annotation_ok(a->str))
			rep(c, r, k8s_span(o, a),
			    "%s: seccomp annotation is \"%s\"", obj_name(c, o),
			    a->str);
	}
	FOR_CONTAINERS(c, o, k) {
		if (!k->seccomp_type.inherited &&
		    str_is(&k->seccomp_type, "Unconfined"))
			rep(c, r, k8s_val_vspan(&k->seccomp_type),
			    "%s runs without seccomp (type: Unconfined)",
			    who(c, o, k));
		const struct yml_node *a = ctr_annotation(
			c, o->pod, "container.seccomp.security.alpha."
				   "kubernetes.io/", k);
		if (yml_is_scalar(a) && !seccomp_annotation_ok(a->str))
			rep(c, r, k8s_span(o, a),
			    "%s: seccomp annotation is \"%s\"", who(c, o, k),
			    a->str);
	}
}

static const struct bh_rule rule_bh3015 = {
	K8S("BH3015", BH_SEV_HIGH, "seccomp"),
	.title = "Seccomp unconfined",
	.why = "An Unconfined seccomp profile opens every system call, "
	       "including those used in kernel exploits.",
	.fix = "Set seccompProfile: {type: RuntimeDefault}.",
	.trivy = "KSV-0104, KSV-0030",
	.checkov = "CKV_K8S_31",
	.other = "PSS:baseline/seccompProfile, kubesec:SeccompUnconfined",
	.check = check_bh3015,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3016(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		LINUX_ONLY(o);
		WHOLE_ONLY(o);
		if (k8s_val_set(&k->seccomp_type))
			continue;
		if (ctr_annotation(c, o->pod, "container.seccomp.security."
					      "alpha.kubernetes.io/", k) ||
		    annotation(o->pod,
			       "seccomp.security.alpha.kubernetes.io/pod"))
			continue;
		rep(c, r, at_ctr(k),
		    "%s sets no seccomp profile (seccompProfile.type: "
		    "RuntimeDefault)", who(c, o, k));
	}
}

static const struct bh_rule rule_bh3016 = {
	K8S("BH3016", BH_SEV_MEDIUM, "seccomp"),
	.title = "No seccomp profile",
	.why = "Without a seccompProfile the kubelet's default applies, "
	       "which is Unconfined on most clusters.",
	.fix = "Set spec.securityContext.seccompProfile: {type: "
	       "RuntimeDefault}.",
	.trivy = "KSV-0030, KSV-0104",
	.checkov = "CKV_K8S_31",
	.other = "PSS:restricted/seccompProfile, kubesec:SeccompAny, "
		 "kube-score:container-seccomp-profile",
	.check = check_bh3016,
	.fix_fn = fix_bh3016,
	.fix_risk = "a program making a system call the runtime's default profile "
		     "blocks (rare: ptrace, some debuggers, old runtimes) fails",
	.flags = BH_RULE_PSS_RESTRICTED,
};

static bool apparmor_ok(const char *v)
{
	return !*v || !strcmp(v, "runtime/default") ||
	       !strncmp(v, "localhost/", 10);
}

static void check_bh3017(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		struct k8s_val v = k8s_pod_sc(o, "appArmorProfile.type");
		const char *t = k8s_val_str(&v);
		if (t && strcmp(t, "RuntimeDefault") && strcmp(t, "Localhost"))
			rep(c, r, k8s_val_vspan(&v),
			    "%s: pod AppArmor profile type %s", obj_name(c, o),
			    t);
	}
	FOR_CONTAINERS(c, o, k) {
		const char *t = k8s_val_str(&k->apparmor_type);
		if (!k->apparmor_type.inherited && t &&
		    strcmp(t, "RuntimeDefault") && strcmp(t, "Localhost")) {
			rep(c, r, k8s_val_vspan(&k->apparmor_type),
			    "%s: AppArmor profile type %s", who(c, o, k), t);
			continue;
		}
		const struct yml_node *a = ctr_annotation(
			c, o->pod, "container.apparmor.security.beta."
				   "kubernetes.io/", k);
		if (yml_is_scalar(a) && !apparmor_ok(a->str))
			rep(c, r, k8s_span(o, a),
			    "%s: AppArmor annotation is \"%s\"", who(c, o, k),
			    a->str);
	}
}

static const struct bh_rule rule_bh3017 = {
	K8S("BH3017", BH_SEV_HIGH, "apparmor-selinux"),
	.title = "AppArmor unconfined",
	.why = "An unconfined AppArmor profile removes the mandatory "
	       "access control that confines the container.",
	.fix = "Use appArmorProfile: {type: RuntimeDefault} (or a "
	       "Localhost profile).",
	.trivy = "KSV-0002",
	.other = "PSS:baseline/appArmorProfile, kubesec:Apparmor"
		 "Unconfined",
	.check = check_bh3017,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_selinux(struct bh_check *c, const struct bh_rule *r,
			  const char *what, const struct k8s_val *type,
			  const struct k8s_val *user, const struct k8s_val *role)
{
	static const char *const types[] = {
		"container_t", "container_init_t", "container_kvm_t",
		"container_engine_t",
	};
	const char *t = k8s_val_str(type);
	bool ok = !t || !*t;
	for (size_t i = 0; !ok && i < sizeof(types) / sizeof(*types); i++)
		ok = !strcmp(t, types[i]);
	if (!ok)
		rep(c, r, k8s_val_vspan(type),
		    "%s: SELinux type %s is not a container type", what, t);
	const struct k8s_val *ur[] = { user, role };
	for (size_t i = 0; i < 2; i++) {
		const char *s = k8s_val_str(ur[i]);
		if (s && *s)
			rep(c, r, k8s_val_span(ur[i]),
			    "%s: SELinux %s is set (%s)", what,
			    i ? "role" : "user", s);
	}
}

static void check_bh3018(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		struct k8s_val t = k8s_pod_sc(o, "seLinuxOptions.type");
		struct k8s_val u = k8s_pod_sc(o, "seLinuxOptions.user");
		struct k8s_val ro = k8s_pod_sc(o, "seLinuxOptions.role");
		check_selinux(c, r, obj_name(c, o), &t, &u, &ro);
	}
	FOR_CONTAINERS(c, o, k) {
		if (k->se_type.inherited || k->se_user.inherited ||
		    k->se_role.inherited)
			continue;
		check_selinux(c, r, who(c, o, k), &k->se_type, &k->se_user,
			      &k->se_role);
	}
}

static const struct bh_rule rule_bh3018 = {
	K8S("BH3018", BH_SEV_MEDIUM, "apparmor-selinux"),
	.title = "Custom SELinux options",
	.why = "An SELinux type other than the container types, or a "
	       "user or role, can lift the confinement of the "
	       "container.",
	.fix = "Remove seLinuxOptions, or keep only level and a "
	       "container_t type.",
	.trivy = "KSV-0025",
	.other = "PSS:baseline/seLinuxOptions",
	.check = check_bh3018,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3019(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		const char *t = k8s_val_str(&k->proc_mount);
		if (t && strcmp(t, "Default"))
			rep(c, r, k8s_val_vspan(&k->proc_mount),
			    "%s mounts /proc with procMount: %s", who(c, o, k),
			    t);
	}
}

static const struct bh_rule rule_bh3019 = {
	K8S("BH3019", BH_SEV_MEDIUM, "no-privileged"),
	.title = "Unmasked /proc",
	.why = "procMount: Unmasked exposes kernel interfaces in /proc "
	       "that the runtime normally hides.",
	.fix = "Remove procMount (Default masks /proc).",
	.trivy = "KSV-0027",
	.other = "PSS:baseline/procMount, kube-linter:unsafe-proc-mount, "
		 "Polaris:procMount",
	.check = check_bh3019,
	.flags = BH_RULE_PSS_BASELINE,
};

static bool sysctl_safe(const char *name)
{
	static const char *const safe[] = {
		"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
		"net.ipv4.ip_unprivileged_port_start",
		"net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
		"net.ipv4.ip_local_reserved_ports",
		"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
		"net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
		"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
		"net.ipv4.tcp_slow_start_after_idle",
		"net.ipv4.tcp_notsent_lowat",
	};
	char buf[128];
	size_t n = strlen(name);
	if (n >= sizeof(buf))
		return false;
	for (size_t i = 0; i <= n; i++)
		buf[i] = name[i] == '/' ? '.' : name[i];
	for (size_t i = 0; i < sizeof(safe) / sizeof(*safe); i++)
		if (!strcmp(buf, safe[i]))
			return true;
	return false;
}

static void check_bh3020(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		const struct yml_node *s = o->pod->sysctls.value;
		for (size_t i = 0; yml_is_seq(s) && i < s->n; i++) {
			const struct yml_node *name = yml_get(s->items[i], "name");
			if (!yml_is_scalar(name) || sysctl_safe(name->str))
				continue;
			rep(c, r, k8s_span(o, name),
			    "%s sets sysctl %s, outside the safe set",
			    obj_name(c, o), name->str);
		}
	}
}

static const struct bh_rule rule_bh3020 = {
	K8S("BH3020", BH_SEV_MEDIUM, "host-namespaces"),
	.title = "Unsafe sysctl",
	.why = "Sysctls outside the namespaced safe set change kernel "
	       "settings for the whole node.",
	.fix = "Remove the sysctl, or set it on the node deliberately.",
	.trivy = "KSV-0026",
	.other = "PSS:baseline/sysctls, kube-linter:unsafe-sysctls",
	.check = check_bh3020,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3021(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const paths[] = {
		"livenessProbe.httpGet.host", "livenessProbe.tcpSocket.host",
		"readinessProbe.httpGet.host", "readinessProbe.tcpSocket.host",
		"startupProbe.httpGet.host", "startupProbe.tcpSocket.host",
		"lifecycle.postStart.httpGet.host",
		"lifecycle.postStart.tcpSocket.host",
		"lifecycle.preStop.httpGet.host",
		"lifecycle.preStop.tcpSocket.host",
	};
	FOR_CONTAINERS(c, o, k) {
		for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
			const struct yml_node *h = yml_get_path(k->node, paths[i]);
			if (!yml_is_scalar(h) || yml_is_null(h) || !h->len)
				continue;
			rep(c, r, k8s_span(o, h),
			    "%s: %s is %s (the kubelet connects from the node)",
			    who(c, o, k), paths[i], h->str);
		}
	}
}

static const struct bh_rule rule_bh3021 = {
	K8S("BH3021", BH_SEV_MEDIUM, "network-isolation"),
	.title = "Probe or lifecycle hook names a host",
	.why = "The kubelet runs probes and hooks from the node, so a "
	       "host field makes it connect to any address, "
	       "including node-local services.",
	.fix = "Remove the host field (the pod's IP is used).",
	.other = "PSS:baseline/hostProbesAndHostLifecycle",
	.check = check_bh3021,
	.flags = BH_RULE_PSS_BASELINE,
};

static void check_bh3022(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const allowed[] = {
		"name", "configMap", "csi", "downwardAPI", "emptyDir",
		"ephemeral", "image", "persistentVolumeClaim", "projected",
		"secret", "hostPath", /* hostPath: BH3011-BH3013 */
	};
	FOR_PODS(c, o) {
		const struct yml_node *vols = o->pod->volumes.value;
		for (size_t i = 0; yml_is_seq(vols) && i < vols->n; i++) {
			const struct yml_node *v = vols->items[i];
			for (size_t j = 0; yml_is_map(v) && j < v->n; j++) {
				const struct yml_node *key = v->pairs[j].key;
				bool ok = !yml_is_scalar(key);
				for (size_t a = 0; !ok && a < sizeof(allowed) /
						 sizeof(*allowed); a++)
					ok = !strcmp(key->str, allowed[a]);
				if (!ok)
					rep(c, r, k8s_span(o, key),
					    "%s uses a %s volume", obj_name(c, o),
					    key->str);
			}
		}
	}
}

static const struct bh_rule rule_bh3022 = {
	K8S("BH3022", BH_SEV_LOW, "docker-socket"),
	.title = "Volume type outside the restricted set",
	.why = "The restricted profile allows only configMap, csi, "
	       "downwardAPI, emptyDir, ephemeral, image, "
	       "persistentVolumeClaim, projected and secret volumes; "
	       "others mount node or network storage directly.",
	.fix = "Use a persistentVolumeClaim for storage.",
	.trivy = "KSV-0028",
	.other = "PSS:restricted/volumeTypes",
	.check = check_bh3022,
	.flags = BH_RULE_PSS_RESTRICTED,
};

/* ---- users ---- */

static void check_bh3023(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		LINUX_ONLY(o);
		const struct k8s_val *v = &k->allow_privilege_escalation;
		if (is_false(v) || privileged(k))
			continue; /* privileged: BH3001 (false is refused) */
		if (k8s_val_set(v))
			rep(c, r, k8s_val_span(v),
			    "%s allows privilege escalation", who(c, o, k));
		else if (!k8s_is_partial(o))
			rep(c, r, at_ctr(k),
			    "%s does not set allowPrivilegeEscalation: false",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3023 = {
	K8S("BH3023", BH_SEV_MEDIUM, "no-new-privileges"),
	.title = "Privilege escalation allowed",
	.why = "Unless allowPrivilegeEscalation is false, setuid "
	       "binaries and file capabilities can raise the "
	       "process's privileges.",
	.fix = "Set securityContext.allowPrivilegeEscalation: false.",
	.trivy = "KSV-0001",
	.checkov = "CKV_K8S_20",
	.other = "PSS:restricted/allowPrivilegeEscalation, kube-linter:"
		 "privilege-escalation-container, Polaris:privilege"
		 "EscalationAllowed, kubesec:AllowPrivilegeEscalation",
	.check = check_bh3023,
	.fix_fn = fix_bh3023,
	.fix_risk = "a program that gains privileges through a setuid binary (sudo, "
		     "ping on old images) fails",
	.flags = BH_RULE_PSS_RESTRICTED,
};

static void check_bh3024(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		struct k8s_val v = k8s_pod_sc(o, "runAsUser");
		long long uid = -1;
		if (k8s_val_int(&v, &uid) && uid == 0)
			rep(c, r, k8s_val_span(&v),
			    "%s runs its containers as root (pod runAsUser: 0)",
			    obj_name(c, o));
	}
	FOR_CONTAINERS(c, o, k) {
		long long uid = -1;
		if (!k->run_as_user.inherited &&
		    k8s_val_int(&k->run_as_user, &uid) && uid == 0)
			rep(c, r, k8s_val_span(&k->run_as_user),
			    "%s runs as root (runAsUser: 0)", who(c, o, k));
	}
}

static const struct bh_rule rule_bh3024 = {
	K8S("BH3024", BH_SEV_HIGH, "non-root-user"),
	.title = "Runs as root (runAsUser: 0)",
	.why = "UID 0 in the container is root on the node's kernel; an "
	       "escape or a mounted path gives full control.",
	.fix = "Set runAsUser to a non-zero UID (e.g. 10001) and "
	       "runAsNonRoot: true.",
	.trivy = "KSV-0105",
	.checkov = "CKV_K8S_23",
	.other = "PSS:restricted/runAsUser, Polaris:runAsRootAllowed",
	.check = check_bh3024,
	.fix_fn = fix_bh3024,
	.fix_risk = "files the image gives to root (its working directory, a "
		     "data path) are no longer writable; an app binding a port "
		     "below 1024 fails",
};

static void check_bh3025(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		LINUX_ONLY(o);
		long long uid = -1;
		if (is_true(&k->run_as_non_root) ||
		    (k8s_val_int(&k->run_as_user, &uid) && uid >= 0))
			continue; /* uid 0: BH3024 */
		if (k8s_val_set(&k->run_as_non_root))
			rep(c, r, k8s_val_span(&k->run_as_non_root),
			    "%s may run as root (runAsNonRoot: %s)%s",
			    who(c, o, k),
			    k8s_val_str(&k->run_as_non_root)
				    ? k8s_val_str(&k->run_as_non_root) : "?",
			    from_pod(&k->run_as_non_root));
		else if (!k8s_is_partial(o))
			rep(c, r, at_ctr(k),
			    "%s sets neither runAsNonRoot: true nor a "
			    "non-zero runAsUser, so it runs as the image's "
			    "user (root for most images)", who(c, o, k));
	}
}

static const struct bh_rule rule_bh3025 = {
	K8S("BH3025", BH_SEV_MEDIUM, "non-root-user"),
	.title = "May run as root (runAsNonRoot not true)",
	.why = "Without runAsNonRoot: true or a non-zero runAsUser the "
	       "container runs as the image's user, root for most "
	       "images.",
	.fix = "Set spec.securityContext.runAsNonRoot: true and "
	       "runAsUser: 10001.",
	.trivy = "KSV-0012",
	.checkov = "CKV_K8S_23",
	.other = "PSS:restricted/runAsNonRoot, kube-linter:run-as-non-root, "
		 "Polaris:runAsRootAllowed, kubesec:RunAsNonRoot, "
		 "kube-score:container-security-context-user-group-id",
	.check = check_bh3025,
	.fix_fn = fix_bh3025,
	.fix_risk = "an image whose user is root (or named, not numeric) no longer "
		     "starts: set runAsUser too (BH3027's fix)",
	.flags = BH_RULE_PSS_RESTRICTED,
};

static void check_bh3026(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		LINUX_ONLY(o);
		long long uid = -1;
		if (is_true(&k->run_as_non_root) || is_false(&o->pod->host_users) ||
		    !k8s_val_int(&k->run_as_user, &uid) || uid <= 0)
			continue;
		if (!k8s_val_set(&k->run_as_non_root) && k8s_is_partial(o))
			continue;
		rep(c, r, at_val_or_ctr(&k->run_as_non_root, k),
		    "%s sets runAsUser: %lld but not runAsNonRoot: true",
		    who(c, o, k), uid);
	}
}

static const struct bh_rule rule_bh3026 = {
	K8S("BH3026", BH_SEV_LOW, "non-root-user"),
	.title = "runAsNonRoot not set",
	.why = "The restricted profile requires runAsNonRoot: true even "
	       "when runAsUser is non-zero, so a later change to root "
	       "is refused.",
	.fix = "Add runAsNonRoot: true.",
	.trivy = "KSV-0012",
	.other = "PSS:restricted/runAsNonRoot",
	.check = check_bh3026,
	.fix_fn = fix_bh3026,
	.fix_risk = "a later change to a root runAsUser is refused, as meant",
	.flags = BH_RULE_PSS_RESTRICTED,
};

/* The "not set" findings of hardening beyond Pod Security baseline ask
 * for a value only under the restricted profile (the default): with
 * --profile baseline the user asked for baseline's controls only. */
static bool restricted(const struct bh_check *c)
{
	return !c->config || c->config->profile == BH_PROFILE_RESTRICTED;
}

static void check_bh3027(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		long long id = -1;
		/* no runAsUser at all: the image's user decides, root or a
		 * low UID in most images (Trivy KSV-0020, Checkov
		 * CKV_K8S_40, kube-score ask for an explicit one) */
		if (!k8s_val_set(&k->run_as_user) && !o->pod->windows &&
		    !k8s_is_partial(o) && restricted(c))
			rep(c, r, at_ctr(k),
			    "%s sets no runAsUser, so it runs as the image's "
			    "user (%s)", who(c, o, k),
			    is_true(&k->run_as_non_root)
				    ? "non-root, as runAsNonRoot requires, "
				      "but often a low UID that exists on the "
				      "node"
				    : "root or a low UID in most images");
		if (k8s_val_int(&k->run_as_user, &id) && id > 0 && id <= 10000)
			rep(c, r, k8s_val_span(&k->run_as_user),
			    "%s runs as UID %lld, which may exist on the "
			    "host (use > 10000)%s", who(c, o, k), id,
			    from_pod(&k->run_as_user));
		if (k8s_val_int(&k->run_as_group, &id) && id > 0 && id <= 10000)
			rep(c, r, k8s_val_span(&k->run_as_group),
			    "%s runs as GID %lld, which may exist on the "
			    "host (use > 10000)%s", who(c, o, k), id,
			    from_pod(&k->run_as_group));
	}
}

static const struct bh_rule rule_bh3027 = {
	K8S("BH3027", BH_SEV_LOW, "numeric-uid"),
	.title = "UID or GID not above 10000",
	.why = "Low IDs collide with users and groups of the node, so an "
	       "escape lands with their file access; with no runAsUser the "
	       "image's user decides, which is root or a low UID in most "
	       "images.",
	.fix = "Set runAsUser (and runAsGroup) above 10000, e.g. 10001, in "
	       "the pod's or the container's securityContext.",
	.trivy = "KSV-0020, KSV-0021",
	.checkov = "CKV_K8S_40",
	.other = "kubesec:RunAsUser, kubesec:RunAsGroup, kube-score:"
		 "container-security-context-user-group-id",
	.check = check_bh3027,
	.fix_fn = fix_bh3027,
	.fix_risk = "files the image gives to its own user are not the new UID's; "
		     "an app that needs a passwd entry for its UID may complain",
};

static void check_bh3028(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		long long id = -1;
		/* no runAsGroup: the primary group is the image's, root
		 * (GID 0) in most images (Trivy KSV-0116 / KSV-0021) */
		if (!k8s_val_set(&k->run_as_group) && !o->pod->windows &&
		    !k8s_is_partial(o) && restricted(c))
			rep(c, r, at_ctr(k),
			    "%s sets no runAsGroup, so its primary group is "
			    "the image's (root, GID 0, in most images)",
			    who(c, o, k));
		if (k8s_val_int(&k->run_as_group, &id) && id == 0)
			rep(c, r, k8s_val_span(&k->run_as_group),
			    "%s runs with the root group (runAsGroup: 0)%s",
			    who(c, o, k), from_pod(&k->run_as_group));
	}
	FOR_PODS(c, o) {
		long long id = -1;
		if (k8s_val_int(&o->pod->fs_group, &id) && id == 0)
			rep(c, r, k8s_val_span(&o->pod->fs_group),
			    "%s gives its volumes the root group (fsGroup: 0)",
			    obj_name(c, o));
		const struct yml_node *sg = o->pod->supplemental_groups.value;
		for (size_t i = 0; yml_is_seq(sg) && i < sg->n; i++)
			if (yml_as_int(sg->items[i], true, &id) && id == 0)
				rep(c, r, k8s_span(o, sg->items[i]),
				    "%s adds the root group to its "
				    "supplementalGroups", obj_name(c, o));
	}
}

static const struct bh_rule rule_bh3028 = {
	K8S("BH3028", BH_SEV_LOW, "non-root-user"),
	.title = "Root group (GID 0)",
	.why = "GID 0 gives access to root-group files on shared "
	       "volumes and in the image; with no runAsGroup the primary "
	       "group is the image's, GID 0 in most images.",
	.fix = "Set a non-zero runAsGroup (above 10000, e.g. 10001), and "
	       "non-zero fsGroup and supplementalGroups.",
	.trivy = "KSV-0116, KSV-0021",
	.check = check_bh3028,
	.fix_fn = fix_bh3028,
	.fix_risk = "files of the root group the app writes are no longer writable",
};

static void check_bh3029(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		LINUX_ONLY(o);
		if (is_true(&k->read_only_root_fs))
			continue;
		if (k8s_val_set(&k->read_only_root_fs))
			rep(c, r, k8s_val_span(&k->read_only_root_fs),
			    "%s has a writable root filesystem", who(c, o, k));
		else if (!k8s_is_partial(o))
			rep(c, r, at_ctr(k),
			    "%s does not set readOnlyRootFilesystem: true",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3029 = {
	K8S("BH3029", BH_SEV_MEDIUM, "read-only-rootfs"),
	.title = "Root filesystem writable",
	.why = "A writable root filesystem lets an attacker drop tools "
	       "and change binaries in the container.",
	.fix = "Set securityContext.readOnlyRootFilesystem: true and "
	       "mount emptyDir volumes where writes are needed.",
	.trivy = "KSV-0014",
	.checkov = "CKV_K8S_22",
	.other = "kube-linter:no-read-only-root-fs, Polaris:notReadOnly"
		 "RootFilesystem, kubesec:ReadOnlyRootFilesystem, "
		 "kube-score:container-security-context-"
		 "readonlyrootfilesystem",
	.check = check_bh3029,
	.fix_fn = fix_bh3029,
	.fix_risk = "an app that writes outside /tmp (its working directory, a cache "
		     "or log path) fails: mount an emptyDir there too",
};

/* ---- resources and probes ---- */

static void check_bh3030(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		WHOLE_ONLY(o);
		if (k->type != K8S_EPHEMERAL_CONTAINER &&
		    !k8s_val_set(&k->limits_memory))
			rep(c, r, at_ctr(k), "%s has no memory limit",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3030 = {
	K8S("BH3030", BH_SEV_MEDIUM, "resource-limits"),
	.title = "No memory limit",
	.why = "Without a memory limit one container can exhaust the "
	       "node's memory and get others evicted.",
	.fix = "Set resources.limits.memory (e.g. 512Mi).",
	.trivy = "KSV-0018",
	.checkov = "CKV_K8S_13",
	.other = "kube-linter:unset-memory-requirements, Polaris:memory"
		 "LimitsMissing, kube-score:container-resources",
	.check = check_bh3030,
	.fix_fn = fix_bh3030,
	.fix_risk = "a service that needs more memory than the limit is OOM-killed; "
		     "set fix.memory or the value by hand",
};

static void check_bh3031(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		WHOLE_ONLY(o);
		if (k->type != K8S_EPHEMERAL_CONTAINER &&
		    !k8s_val_set(&k->limits_cpu))
			rep(c, r, at_ctr(k), "%s has no CPU limit",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3031 = {
	K8S("BH3031", BH_SEV_LOW, "resource-limits"),
	.title = "No CPU limit",
	.why = "Without a CPU limit one container can starve the others "
	       "on the node.",
	.fix = "Set resources.limits.cpu (e.g. 500m).",
	.trivy = "KSV-0011",
	.checkov = "CKV_K8S_11",
	.other = "kube-linter:unset-cpu-requirements, Polaris:cpuLimits"
		 "Missing, kube-score:container-resources",
	.check = check_bh3031,
	.fix_fn = fix_bh3031,
	.fix_risk = "a service busier than half a CPU is throttled",
};

static void check_bh3032(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		WHOLE_ONLY(o);
		if (k->type == K8S_EPHEMERAL_CONTAINER)
			continue;
		bool cpu = k8s_val_set(&k->requests_cpu) ||
			   k8s_val_set(&k->limits_cpu); /* defaults to it */
		bool mem = k8s_val_set(&k->requests_memory) ||
			   k8s_val_set(&k->limits_memory);
		if (!cpu || !mem)
			rep(c, r, at_ctr(k), "%s requests no %s", who(c, o, k),
			    !cpu && !mem ? "CPU or memory" : !cpu ? "CPU"
							  : "memory");
	}
}

static const struct bh_rule rule_bh3032 = {
	K8S("BH3032", BH_SEV_LOW, "resource-limits"),
	.title = "No CPU or memory request",
	.why = "Without requests the scheduler cannot place the pod "
	       "sensibly and it is evicted first.",
	.fix = "Set resources.requests.cpu and .memory.",
	.trivy = "KSV-0015, KSV-0016",
	.checkov = "CKV_K8S_10, CKV_K8S_12",
	.other = "Polaris:cpuRequestsMissing, Polaris:memoryRequests"
		 "Missing",
	.check = check_bh3032,
	.fix_fn = fix_bh3032,
	.fix_risk = "the scheduler reserves the requests: a node too small for "
		     "them leaves the pod pending",
};

/* Long-running containers: probes make sense there. */
static bool wants_probes(const struct k8s_object *o,
			 const struct k8s_container *k)
{
	/* a custom resource's pods: run to completion (Argo, Tekton,
	 * JobSet...) or probed by their operator */
	if (o->batch || o->custom || k8s_is_partial(o) ||
	    k->type != K8S_CONTAINER)
		return false;
	const char *rp = k8s_val_str(&o->pod->restart_policy);
	return !rp || !strcmp(rp, "Always");
}

static void check_bh3033(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		if (wants_probes(o, k) && !k8s_val_set(&k->liveness))
			rep(c, r, at_ctr(k), "%s has no livenessProbe",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3033 = {
	K8S("BH3033", BH_SEV_LOW, "healthcheck"),
	.title = "No liveness probe",
	.why = "Without a liveness probe a hung container is never "
	       "restarted.",
	.fix = "Add livenessProbe (httpGet, tcpSocket, grpc or exec).",
	.checkov = "CKV_K8S_8",
	.other = "kube-linter:no-liveness-probe, Polaris:livenessProbe"
		 "Missing, kube-score:pod-probes",
	.check = check_bh3033,
};

static void check_bh3034(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		if (wants_probes(o, k) && !k8s_val_set(&k->readiness))
			rep(c, r, at_ctr(k), "%s has no readinessProbe",
			    who(c, o, k));
	}
}

static const struct bh_rule rule_bh3034 = {
	K8S("BH3034", BH_SEV_LOW, "healthcheck"),
	.title = "No readiness probe",
	.why = "Without a readiness probe traffic reaches the container "
	       "before it can serve.",
	.fix = "Add readinessProbe.",
	.checkov = "CKV_K8S_9",
	.other = "kube-linter:no-readiness-probe, Polaris:readiness"
		 "ProbeMissing, kube-score:pod-probes",
	.check = check_bh3034,
};

/* ---- images ---- */

/* The tag of "image" (after the last '/'), or NULL; *digest set when
 * pinned with @sha256:... */
static const char *image_tag(const char *image, size_t *taglen, bool *digest)
{
	*digest = strchr(image, '@') != NULL;
	size_t n = strcspn(image, "@");
	const char *last = image;
	for (size_t i = 0; i < n; i++)
		if (image[i] == '/')
			last = image + i + 1;
	const char *colon = memchr(last, ':', (size_t)(image + n - last));
	*taglen = colon ? (size_t)(image + n - colon - 1) : 0;
	return colon ? colon + 1 : NULL;
}

static bool is_latest(const char *tag, size_t n)
{
	return tag && n == 6 && !strncmp(tag, "latest", 6);
}

/* A value still to be filled in by a template or envsubst (${VAR},
 * ${VAR:-x}, $(VAR), {{ .x }}): not judged. */
static bool templated(const char *v)
{
	return strstr(v, "${") || strstr(v, "$(") || strstr(v, "{{");
}

/* What is wrong with "img" as a pin for BH3035 (no tag, :latest) or
 * BH3036 (a tag without a digest), or NULL. */
static const char *pin_problem(bool bh3036, const char *img, bool partial)
{
	if (templated(img))
		return NULL;
	size_t tl;
	bool digest;
	const char *tag = image_tag(img, &tl, &digest);
	if (digest)
		return NULL;
	if (bh3036)
		return tag && tl && !is_latest(tag, tl)
			? "is pinned by tag, not digest" : NULL;
	if ((!tag || !tl) && !partial) /* an overlay's tag may come from
					* the kustomization's images: */
		return "has no tag, which means :latest";
	return is_latest(tag, tl) ? "uses :latest" : NULL;
}

/* The image of "k" as written, or when the run's kustomizations deploy
 * it (k->deployed, src/core/kust_images.c), as deployed: "nginx
 * deployed as nginx:latest by the images: entry at k/kustomization.yaml:5"
 * naming the entry that set the tag or digest (or, when the tag is the
 * one written, the entry that changed the name).  "d" is the deploy
 * judged, or NULL for the image as written. */
static const char *image_as(struct bh_check *c, const char *img,
			    const struct k8s_deployed *d)
{
	if (!d || (!d->by_tag && !d->by_name))
		return img;
	const char *s = d->by_tag
		? arena_printf(c->arena, "%.200s deployed as %.200s by the "
			       "images: entry at %s", img, d->ref, d->by_tag)
		: arena_printf(c->arena, "%.200s deployed as %.200s (the "
			       "images: entry at %s keeps its tag)", img,
			       d->ref, d->by_name);
	return s ? s : img;
}

/* Where an images: entry sets the tag or digest: its digest, else its
 * newTag (the kustomization is one document: no line offset). */
static struct bh_span pin_entry_span(const struct k8s_image_override *o)
{
	const struct yml_node *v = yml_get(o->node, "digest");
	if (!yml_is_scalar(v))
		v = yml_get(o->node, "newTag");
	return yml_is_scalar(v) ? yml_value_span(v) : o->span;
}

/* BH3035, BH3036 at a kustomization's images: entries that set the tag
 * or digest an image of the run is deployed with (k8s_image_override
 * .decides, src/core/kust_images.c): judged there, once, where `fix
 * --pins` pins them. */
static void check_pin_entries(struct bh_check *c, const struct bh_rule *r,
			      bool bh3036)
{
	const struct k8s_model *m = c->k8s;
	for (size_t i = 0; i < m->noverrides; i++) {
		const struct k8s_image_override *o = &m->overrides[i];
		const char *p = o->decides ? pin_problem(bh3036, o->ref, false)
					   : NULL;
		if (p)
			rep(c, r, pin_entry_span(o), "images: entry for %s "
			    "deploys %s, which %s", o->name, o->ref, p);
	}
}

/* BH3035, BH3036: the image as written, or each reference the run's
 * kustomizations deploy it as (the first that fails is reported, at the
 * image as written; quiet when every one is pinned). */
static void check_pins(struct bh_check *c, const struct bh_rule *r,
		       bool bh3036)
{
	FOR_CONTAINERS(c, o, k) {
		const char *img = k8s_val_str(&k->image);
		if (!img || !*img)
			continue;
		const struct k8s_deployed *d = k->deployed;
		for (;;) {
			/* a tag or digest an images: entry sets is judged
			 * (and fixed) at the entry: check_pin_entries() */
			/* a deployed reference is final: the partial
			 * object's leniency (its tag may come from an
			 * images: entry) is for an image no kustomization
			 * of the run deploys */
			const char *p = d && d->by_tag ? NULL
				: pin_problem(bh3036, d ? d->ref : img,
					      !d && k8s_is_partial(o));
			if (p) {
				rep(c, r, k8s_val_vspan(&k->image),
				    "%s: image %s %s", who(c, o, k),
				    image_as(c, img, d), p);
				break;
			}
			if (!d || !(d = d->next))
				break;
		}
	}
	check_pin_entries(c, r, bh3036);
}

static void check_bh3035(struct bh_check *c, const struct bh_rule *r)
{
	check_pins(c, r, false);
}

/* The pinned reference's tag (without ':', or NULL) and digest, in the
 * arena: "name:tag@sha256:..". */
static bool split_pinned(struct bh_check *c, const char *ref,
			 const char **tag, const char **digest)
{
	const char *at = strchr(ref, '@'), *slash = strrchr(ref, '/');
	if (!at)
		return false;
	const char *colon = memchr(slash ? slash : ref, ':',
				   (size_t)(at - (slash ? slash : ref)));
	*digest = at + 1;
	*tag = colon ? arena_printf(c->arena, "%.*s", (int)(at - colon - 1),
				    colon + 1) : NULL;
	return !colon || *tag;
}

/* Fix of an images: entry (check_pin_entries()): newTag and digest from
 * the pins file, in the entry (the base manifest's image is not what is
 * deployed: editing it would change nothing). */
static void fix_pin_entry(struct bh_check *c, const struct bh_rule *r,
			  const struct k8s_image_override *o)
{
	const char *note = NULL, *tag, *dg;
	const char *ref = bh_fix_pinned(c, o->ref, strlen(o->ref), &note);
	if (!ref || !split_pinned(c, ref, &tag, &dg))
		return;
	const char *kv[] = { "digest", dg, NULL };
	if (!bh_fix_yaml_put(c, r, o->node, 0, "", kv, note)) {
		bh_fix_refuse(c, r, o->span.line, o->span.col, "the images: "
			      "entry is not a block or flow mapping this fix "
			      "can edit");
		return;
	}
	/* the pin's tag, where the entry's newTag said latest */
	const struct yml_node *nt = yml_get(o->node, "newTag");
	const char *same = arena_printf(c->arena, "%s (part of the same fix)",
					note ? note : "pinned");
	if (!tag || !yml_is_scalar(nt) || !strcmp(nt->str, tag) || !same)
		return;
	if (nt->style != YML_PLAIN) {
		bh_fix_yaml_string(c, r, nt, 0, tag, same);
		return;
	}
	const char *qtag = arena_printf(c->arena, "\"%s\"", tag);
	const char *kt[] = { "newTag", qtag, NULL };
	if (qtag)
		bh_fix_yaml_put(c, r, o->node, 0, "", kt, same);
}

/* Fix (BH3035, BH3036) with `fix --pins FILE`: the image value becomes
 * name:tag@sha256:... from the pins file. */
static void fix_bh3035(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	for (size_t i = 0; i < c->k8s->noverrides; i++) {
		const struct k8s_image_override *o = &c->k8s->overrides[i];
		struct bh_span sp = pin_entry_span(o);
		if (o->decides && o->node && sp.line == f->span.line &&
		    sp.col == f->span.col) {
			fix_pin_entry(c, r, o);
			return;
		}
	}
	FOR_CONTAINERS(c, o, k) {
		struct bh_span sp = k8s_val_vspan(&k->image);
		const char *img = k8s_val_str(&k->image);
		if (!img || sp.line != f->span.line || sp.col != f->span.col)
			continue;
		const char *note = NULL;
		const char *ref = bh_fix_pinned(c, img, strlen(img), &note);
		if (ref)
			bh_fix_yaml_string(c, r, k->image.value, o->line_off, ref,
					   note);
		return;
	}
}

static const struct bh_rule rule_bh3035 = {
	K8S("BH3035", BH_SEV_MEDIUM, "pin-base-image"),
	.title = "Image untagged or :latest",
	.why = "An untagged or :latest image changes under you: every "
	       "pull can bring different code.",
	.fix = "Pin a version tag, best with a digest: "
	       "`image: nginx:1.27@sha256:...`.",
	.trivy = "KSV-0013",
	.checkov = "CKV_K8S_14",
	.other = "kube-linter:latest-tag, Polaris:tagNotSpecified, "
		 "kube-score:container-image-tag",
	.check = check_bh3035,
	.fix_fn = fix_bh3035,
	.flags = BH_RULE_FIX_PINS,
	.fix_risk = "the pinned image is what the pins file names: a tag "
		    "other than the one :latest meant, or an older build, "
		    "changes what the pod runs.",
};

static void check_bh3036(struct bh_check *c, const struct bh_rule *r)
{
	check_pins(c, r, true);
}

static const struct bh_rule rule_bh3036 = {
	K8S("BH3036", BH_SEV_INFO, "pin-base-image"),
	.title = "Image pinned by tag, not digest",
	.why = "Tags are mutable; only a digest names exactly one image.",
	.fix = "Append the digest: `image: nginx:1.27@sha256:...`.",
	.checkov = "CKV_K8S_43",
	.check = check_bh3036,
	.fix_fn = fix_bh3035,
	.flags = BH_RULE_FIX_PINS,
	.fix_risk = "the digest is what the pins file names for that tag: "
		    "an older or newer build than the one the tag points at "
		    "today is what the pod runs until the pin is updated.",
};

/* The pull policy with the image as written, or with each reference
 * the run's kustomizations deploy it as (the first mutable one is
 * reported; quiet when every one has a digest). */
static void check_bh3037(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		const char *img = k8s_val_str(&k->image);
		const char *pp = k8s_val_str(&k->pull_policy);
		if (!img || !*img || !pp || !strcmp(pp, "Always") ||
		    templated(pp))
			continue;
		const struct k8s_deployed *d = k->deployed;
		for (;;) {
			const char *ref = d ? d->ref : img;
			if (!strchr(ref, '@') && !templated(ref)) {
				if (d && (d->by_tag || d->by_name))
					rep(c, r, k8s_val_vspan(&k->pull_policy),
					    "%s: imagePullPolicy %s may run a "
					    "stale or another tenant's cached "
					    "%s (image %s)", who(c, o, k), pp,
					    ref, image_as(c, img, d));
				else
					rep(c, r, k8s_val_vspan(&k->pull_policy),
					    "%s: imagePullPolicy %s may run a "
					    "stale or another tenant's cached "
					    "%s", who(c, o, k), pp, img);
				break;
			}
			if (!d || !(d = d->next))
				break;
		}
	}
}

static const struct bh_rule rule_bh3037 = {
	K8S("BH3037", BH_SEV_LOW, "pin-base-image"),
	.title = "imagePullPolicy not Always for a mutable tag",
	.why = "IfNotPresent or Never runs whatever the node cached "
	       "under the tag, and skips the registry's access check "
	       "for private images.",
	.fix = "Pin the image by digest, or set imagePullPolicy: "
	       "Always.",
	.checkov = "CKV_K8S_15",
	.other = "Polaris:pullPolicyNotAlways, kube-score:container-"
		 "image-pull-policy",
	.check = check_bh3037,
};

/* ---- secrets ---- */

static void check_cmd_passwords(struct bh_check *c, const struct bh_rule *r,
				const struct k8s_object *o,
				const struct k8s_container *k);

static void check_bh3038(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CONTAINERS(c, o, k) {
		const struct yml_node *env = k->env.value;
		for (size_t i = 0; yml_is_seq(env) && i < env->n; i++) {
			const struct yml_node *name = yml_get(env->items[i], "name");
			const struct yml_pair *vp =
				yml_get_pair(env->items[i], "value");
			const struct yml_node *val = vp ? vp->value : NULL;
			if (!yml_is_scalar(name) || !yml_is_scalar(val) ||
			    yml_is_null(val) || !val->len ||
			    strlen(val->str) != val->len)
				continue;
			struct sec_match sm;
			memset(&sm, 0, sizeof(sm));
			if (!sec_check_assignment(name->str, val->str, &sm))
				continue;
			char masked[64];
			bh_mask_secret(val->str, masked, sizeof(masked));
			/* at the "value:" key, the value itself hidden */
			rep_secret(c, r, o, k8s_span(o, vp->key), val,
				   "%s: env %s holds a literal secret (%s: %s)",
				   who(c, o, k), name->str,
				   sm.title ? sm.title : "secret", masked);
		}
		check_cmd_passwords(c, r, o, k);
	}
}

/* Passwords on a container's command lines (cmdpw.h): command + args
 * (also a "sh -c" script), probes' and lifecycle hooks' exec.command, a
 * Tekton step's script and an Argo script template's source. */
struct cmd_pw {
	struct bh_check *c;
	const struct bh_rule *r;
	const struct k8s_object *o;
	const struct k8s_container *k;
	const char *where;
	const struct yml_node *const *nodes; /* word i's node */
	size_t nnodes;
};

static void on_cmd_password(void *ctx, size_t word, const char *pw,
			    size_t len, const char *how, const char *tool)
{
	struct cmd_pw *x = ctx;
	if (word >= x->nnodes)
		return;
	const struct yml_node *n = x->nodes[word];
	char val[256], masked[64];
	if (len >= sizeof(val))
		len = sizeof(val) - 1;
	memcpy(val, pw, len);
	val[len] = '\0';
	bh_mask_secret(val, masked, sizeof(masked));
	struct bh_span at = k8s_span(x->o, n);
	int off = x->o->line_off, line, col;
	if (cmdpw_locate(x->c->text, x->c->text_len, n->line + off, n->col,
			 n->end_line ? n->end_line + off + 1 : 0, pw, len,
			 &line, &col))
		at = bh_span_at(line, col, (int)len);
	else
		at.end_line = at.line, at.end_col = at.col;
	struct bh_span hide = at.end_col > at.col ? at : k8s_span(x->o, n);
	if (just_reported(x->c, x->r, at)) {
		bh_hide(x->c, hide, NULL);
		return;
	}
	bh_report_secret(x->c, x->r, at, hide,
			 "%s: %s holds a secret: password %s %s (%s)",
			 who(x->c, x->o, x->k), x->where, how,
			 tool ? tool : "", masked);
}

/* Judges the exec-form list(s) "a" then "b" (either may be NULL) as
 * one command line. */
static void scan_cmd_lists(struct cmd_pw *x, const struct yml_node *a,
			   const struct yml_node *b)
{
	size_t na = yml_is_seq(a) ? a->n : 0, nb = yml_is_seq(b) ? b->n : 0;
	size_t n = na + nb;
	if (!n || n > 1024)
		return;
	const struct yml_node **nodes =
		arena_array(x->c->arena, n, sizeof(*nodes));
	const char **words = arena_array(x->c->arena, n, sizeof(*words));
	if (!nodes || !words)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct yml_node *it = i < na ? a->items[i]
						   : b->items[i - na];
		nodes[i] = it;
		words[i] = yml_is_scalar(it) && !yml_is_null(it) &&
				   strlen(it->str) == it->len
			   ? it->str : NULL;
	}
	x->nodes = nodes;
	x->nnodes = n;
	cmdpw_scan_argv(x->c->arena, words, n, on_cmd_password, x);
}

static void scan_script_node(struct cmd_pw *x, const struct yml_node *n)
{
	if (!yml_is_scalar(n) || yml_is_null(n))
		return;
	x->nodes = &n;
	x->nnodes = 1;
	cmdpw_scan_script(x->c->arena, n->str, n->len, 0, on_cmd_password, x);
}

static void check_cmd_passwords(struct bh_check *c, const struct bh_rule *r,
				const struct k8s_object *o,
				const struct k8s_container *k)
{
	struct cmd_pw x = { c, r, o, k, "command/args", NULL, 0 };
	scan_cmd_lists(&x, yml_get(k->node, "command"),
		       yml_get(k->node, "args"));
	static const char *const hooks[] = {
		"livenessProbe.exec.command", "readinessProbe.exec.command",
		"startupProbe.exec.command",
		"lifecycle.postStart.exec.command",
		"lifecycle.preStop.exec.command",
	};
	for (size_t i = 0; i < sizeof(hooks) / sizeof(*hooks); i++) {
		x.where = hooks[i];
		scan_cmd_lists(&x, yml_get_path(k->node, hooks[i]), NULL);
	}
	x.where = "script";                  /* Tekton */
	scan_script_node(&x, yml_get(k->node, "script"));
	x.where = "script source";           /* Argo */
	scan_script_node(&x, yml_get(k->node, "source"));
}

static const struct bh_rule rule_bh3038 = {
	K8S("BH3038", BH_SEV_HIGH, "no-secrets-in-image"),
	.title = "Secret in env value or command line",
	.why = "A literal secret in a manifest is in version control and "
	       "visible to anyone who can read the pod spec; a password on "
	       "a command line (command/args, a probe's exec.command, a "
	       "Tekton script, an Argo script source) is in every `ps` "
	       "too.",
	.fix = "Use env[].valueFrom.secretKeyRef (or a mounted "
	       "Secret volume).",
	.other = "kube-linter:env-var-secret, Polaris:sensitiveContainer"
		 "EnvVar",
	.check = check_bh3038,
	.flags = BH_RULE_HIDES,
};

/* Decodes base64 "s" into buf (at most size-1 bytes, NUL-terminated);
 * false on a character outside the alphabet. */
static bool b64_decode(const char *s, size_t n, char *buf, size_t size)
{
	unsigned acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		int v;
		if (ch >= 'A' && ch <= 'Z')
			v = ch - 'A';
		else if (ch >= 'a' && ch <= 'z')
			v = ch - 'a' + 26;
		else if (ch >= '0' && ch <= '9')
			v = ch - '0' + 52;
		else if (ch == '+' || ch == '-')
			v = 62;
		else if (ch == '/' || ch == '_')
			v = 63;
		else if (ch == '=' || ch == '\n' || ch == '\r' || ch == ' ')
			continue;
		else
			return false;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o + 1 < size)
				buf[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	buf[o] = '\0';
	return true;
}

/* A .dockerconfigjson / .dockercfg value with credentials in it. */
static bool docker_config(const char *key, const char *value)
{
	return (!strcmp(key, ".dockerconfigjson") ||
		!strcmp(key, ".dockercfg")) &&
	       (strstr(value, "\"auth\"") || strstr(value, "\"password\""));
}

/* A URL with a password: scheme://user:password@host. */
static bool url_with_password(const char *v)
{
	const char *p = strstr(v, "://");
	if (!p)
		return false;
	p += 3;
	size_t n = strcspn(p, "/?# \t\n");
	const char *at = memchr(p, '@', n);
	const char *colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
	if (!colon || at - colon <= 1 || at - colon > 200)
		return false;
	char pw[208];
	memcpy(pw, colon + 1, (size_t)(at - colon - 1));
	pw[at - colon - 1] = '\0';
	return !sec_is_placeholder(pw);
}

static bool any_match(void *ctx, const struct sec_match *m)
{
	(void)m;
	*(bool *)ctx = true;
	return false;
}

/* Whether a Secret's key names a secret (password, token, key, auth,
 * credentials...) or its value looks like one (a token format, a
 * private key, a URL with a password): usernames, hosts and ports that
 * sit beside the secret are no finding. */
static bool secret_entry(const char *key, const char *value)
{
	if (sec_name_is_sensitive(key))
		return true;
	char low[128];
	size_t n = 0;
	for (; key[n] && n + 1 < sizeof(low); n++)
		low[n] = (char)((key[n] >= 'A' && key[n] <= 'Z')
					? key[n] - 'A' + 'a' : key[n]);
	low[n] = '\0';
	static const char *const words[] = {
		"pass", "pwd", "secret", "token", "credential", "auth",
		"private", "dockercfg", "dockerconfig", "cookie", "salt",
		"signing", "cert-key", "apikey", "dsn", "connection",
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strstr(low, words[i]))
			return true;
	/* "key", "tls.key", "api_key", "keys": not "keycloak", "monkey" */
	for (const char *k = strstr(low, "key"); k; k = strstr(k + 1, "key"))
		if ((k == low || !(k[-1] >= 'a' && k[-1] <= 'z') ||
		     (k - low >= 3 && !strncmp(k - 3, "api", 3)) ||
		     (k - low >= 7 && !strncmp(k - 7, "private", 7))) &&
		    !(k[3] >= 'a' && k[3] <= 'z' && k[3] != 's'))
			return true;
	struct sec_match sm;
	memset(&sm, 0, sizeof(sm));
	if (sec_check_assignment(key, value, &sm) || url_with_password(value))
		return true;
	bool found = false;
	(void)sec_scan_text(value, strlen(value), any_match, &found);
	return found;
}

struct cfg_match {
	bool found;
	struct sec_match m;
};

static bool cfg_first(void *ctx, const struct sec_match *m)
{
	struct cfg_match *f = ctx;
	f->found = true;
	f->m = *m;
	return false;
}

static void check_bh3039(struct bh_check *c, const struct bh_rule *r)
{
	for (size_t oi = 0; oi < c->k8s->nobjects; oi++) {
		const struct k8s_object *o = &c->k8s->objects[oi];
		if (strcmp(o->kind, "Secret"))
			continue;
		static const char *const keys[] = { "data", "stringData" };
		for (size_t kk = 0; kk < 2; kk++) {
			const struct yml_node *m = yml_get(o->root, keys[kk]);
			for (size_t i = 0; yml_is_map(m) && i < m->n; i++) {
				const struct yml_pair *p = &m->pairs[i];
				if (!yml_is_scalar(p->value) ||
				    yml_is_null(p->value) || !p->value->len)
					continue;
				char plain[256];
				const char *v = p->value->str;
				if (kk == 0) {
					if (!b64_decode(v, p->value->len, plain,
							sizeof(plain)))
						continue;
					v = plain;
				}
				if (!yml_is_scalar(p->key) || !*v)
					continue;
				/* a registry credential (JSON with auths) or
				 * a URL with a password */
				bool dockercfg = docker_config(p->key->str, v) ||
						 url_with_password(v);
				/* a config file mounted from the Secret
				 * (application.properties, redis.conf): its
				 * lines are judged as assignments, as a
				 * mounted config is */
				struct cfg_match cm = { false, { 0 } };
				if (!dockercfg &&
				    sec_path_is_config(p->key->str) &&
				    sec_scan_file(p->key->str, v, strlen(v),
						  cfg_first, &cm) == 0 &&
				    cm.found) {
					char val[256], masked[64];
					size_t n = cm.m.len < sizeof(val) - 1
							   ? cm.m.len
							   : sizeof(val) - 1;
					if (cm.m.offset + n > strlen(v))
						n = 0;
					memcpy(val, v + (n ? cm.m.offset : 0), n);
					val[n] = '\0';
					bh_mask_secret(val, masked,
						       sizeof(masked));
					if (kk == 0 && n)
						bh_hide(c, (struct bh_span){ 0 },
							val);
					rep_secret(c, r, o, k8s_span(o, p->key),
						   p->value,
						   "Secret \"%s\": %s.%s holds a "
						   "config file with a secret "
						   "(%s: %s)", o->name, keys[kk],
						   p->key->str,
						   cm.m.title ? cm.m.title
							      : "secret",
						   masked);
					continue;
				}
				if (!dockercfg && (sec_is_placeholder(v) ||
						   !secret_entry(p->key->str, v)))
					continue; /* a username, a host... */
				char masked[64];
				bh_mask_secret(p->value->str, masked,
					       sizeof(masked));
				rep_secret(c, r, o, k8s_span(o, p->key),
					   p->value,
					   "Secret \"%s\": %s.%s holds a literal "
					   "value (%s)", o->name, keys[kk],
					   yml_is_scalar(p->key) ? p->key->str
								 : "?",
					   masked);
			}
		}
	}
}

static const struct bh_rule rule_bh3039 = {
	K8S("BH3039", BH_SEV_HIGH, "no-secrets-in-image"),
	.title = "Secret manifest holds literal data",
	.why = "Base64 is not encryption: a Secret with data in a "
	       "manifest puts the credential in version control.  "
	       "Reported: keys that name a secret (password, token, "
	       "key...) and values that look like one; not the username "
	       "or host beside them.",
	.fix = "Keep the values out of the repository: SealedSecrets, "
	       "SOPS, External Secrets, or create the Secret at "
	       "deploy time.",
	.check = check_bh3039,
	.flags = BH_RULE_HIDES,
};

struct first_match {
	bool found;
	struct sec_match m;
};

static bool take_first(void *ctx, const struct sec_match *m)
{
	struct first_match *f = ctx;
	f->found = true;
	f->m = *m;
	return false;
}

static void check_bh3040(struct bh_check *c, const struct bh_rule *r)
{
	for (size_t oi = 0; oi < c->k8s->nobjects; oi++) {
		const struct k8s_object *o = &c->k8s->objects[oi];
		if (strcmp(o->kind, "ConfigMap"))
			continue;
		const struct yml_node *m = yml_get(o->root, "data");
		for (size_t i = 0; yml_is_map(m) && i < m->n; i++) {
			const struct yml_pair *p = &m->pairs[i];
			if (!yml_is_scalar(p->key) || !yml_is_scalar(p->value) ||
			    yml_is_null(p->value) ||
			    strlen(p->value->str) != p->value->len)
				continue;
			const char *v = p->value->str;
			struct first_match f = { false, { 0 } };
			if (strchr(v, '\n')) {
				/* a whole file: its key is the file name
				 * ("app.properties"), so a config file is
				 * judged as assignments (sec_scan_file) */
				if (sec_scan_file(p->key->str, v, p->value->len,
						  take_first, &f) != 0)
					continue;
			} else {
				f.found = sec_check_assignment(p->key->str, v,
							       &f.m);
			}
			if (!f.found)
				continue;
			char masked[64];
			char val[256];
			size_t n = f.m.len < sizeof(val) - 1 ? f.m.len
							     : sizeof(val) - 1;
			if (f.m.offset + n > p->value->len)
				n = 0;
			memcpy(val, v + (n ? f.m.offset : 0), n);
			val[n] = '\0';
			bh_mask_secret(val, masked, sizeof(masked));
			rep_secret(c, r, o, k8s_span(o, p->key), p->value,
				   "ConfigMap \"%s\": data.%s holds a secret "
				   "(%s: %s)", o->name, p->key->str,
				   f.m.title ? f.m.title : "secret", masked);
		}
	}
}

static const struct bh_rule rule_bh3040 = {
	K8S("BH3040", BH_SEV_HIGH, "no-secrets-in-image"),
	.title = "Secret in a ConfigMap",
	.why = "ConfigMaps are not access-controlled like Secrets and "
	       "are often printed in logs and dashboards.",
	.fix = "Move the value into a Secret (kept out of the "
	       "repository) and reference it.",
	.trivy = "KSV-0109, KSV-01010",
	.other = "Polaris:sensitiveConfigmapContent",
	.check = check_bh3040,
	.flags = BH_RULE_HIDES,
};

/* ---- service account, namespace, network ---- */

/* A ServiceAccount of this file named "name" with the token off. */
static bool sa_token_off(const struct k8s_model *m, const char *name)
{
	for (size_t i = 0; i < m->nobjects; i++) {
		const struct k8s_object *o = &m->objects[i];
		if (strcmp(o->kind, "ServiceAccount") || strcmp(o->name, name))
			continue;
		bool b = true;
		if (yml_as_bool(yml_get(o->root, "automountServiceAccountToken"),
				YML_BOOL_11, &b) && !b)
			return true;
	}
	return false;
}

static void check_bh3041(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		const struct k8s_pod *p = o->pod;
		if (is_false(&p->automount_token))
			continue;
		if (k8s_val_set(&p->automount_token)) {
			rep(c, r, k8s_val_span(&p->automount_token),
			    "%s mounts a service account token",
			    obj_name(c, o));
			continue;
		}
		const char *sa = k8s_val_str(&p->service_account);
		/* a custom resource's operator decides the token */
		if (k8s_is_partial(o) || o->custom ||
		    sa_token_off(c->k8s, sa && *sa ? sa : "default"))
			continue;
		rep(c, r, at_kind(o),
		    "%s mounts a service account token (automountService"
		    "AccountToken is not false)", obj_name(c, o));
	}
}

/* automountServiceAccountToken: false on a pod that shows no use of
 * the API: it names no service account (or "default"). */
static void fix_bh3041(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	FOR_PODS(c, o) {
		const struct k8s_pod *p = o->pod;
		if (k8s_val_set(&p->automount_token) &&
		    at_span(f, p->automount_token.line,
			    p->automount_token.col)) {
			bh_fix_why(c, "automountServiceAccountToken is written "
				   "(line %d): the value is the author's, not "
				   "replaced (set it to false by hand if the pod "
				   "does not call the API)",
				   p->automount_token.line);
			return;
		}
		if (k8s_val_set(&p->automount_token) ||
		    !at_span(f, o->kind_v.line, o->kind_v.col))
			continue;
		const char *sa = k8s_val_str(&p->service_account);
		if ((sa && *sa && strcmp(sa, "default")) ||
		    (k8s_val_set(&p->service_account) && !sa)) {
			bh_fix_why(c, "the pod names service account %s, "
				   "which it may use to call the API (set "
				   "automountServiceAccountToken: false by hand "
				   "if it does not)", sa && *sa ? sa
				   : "(not a plain name)");
			return;
		}
		static const char *const l[] = {
			"automountServiceAccountToken", "false", NULL };
		bh_fix_yaml_put(c, r, p->spec, o->line_off, "", l, NULL);
		return;
	}
}

static const struct bh_rule rule_bh3041 = {
	K8S("BH3041", BH_SEV_LOW, "no-privileged"),
	.title = "Service account token mounted",
	.why = "Every container gets a token for the Kubernetes API; "
	       "most workloads never call it, and a compromise then "
	       "inherits the account's rights.",
	.fix = "Set automountServiceAccountToken: false on the pod (or "
	       "its ServiceAccount) unless it calls the API.",
	.trivy = "KSV-0036",
	.checkov = "CKV_K8S_38",
	.other = "Polaris:automountServiceAccountToken, kubesec:"
		 "AutomountServiceAccountToken",
	.check = check_bh3041,
	.fix_fn = fix_bh3041,
	.fix_risk = "a pod that calls the Kubernetes API with the default "
		     "account's token (an operator, a controller) loses it",
};

static void check_bh3042(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		const char *ns = k8s_val_str(&o->namespace_v);
		if (ns && *ns && strcmp(ns, "default"))
			continue;
		if (ns)
			rep(c, r, k8s_val_vspan(&o->namespace_v),
			    "%s is placed in the default namespace",
			    obj_name(c, o));
		else if (!k8s_is_partial(o))
			rep(c, r, at_kind(o),
			    "%s names no namespace (it lands in the default "
			    "one unless applied with -n)", obj_name(c, o));
	}
}

static const struct bh_rule rule_bh3042 = {
	K8S("BH3042", BH_SEV_INFO, "network-isolation"),
	.title = "Workload in the default namespace",
	.why = "The default namespace mixes unrelated workloads under "
	       "the same policies, quotas and RBAC.",
	.fix = "Set metadata.namespace to the application's namespace.",
	.trivy = "KSV-0110",
	.checkov = "CKV_K8S_21",
	.other = "kube-linter:use-namespace",
	.check = check_bh3042,
};

static void check_bh3045(struct bh_check *c, const struct bh_rule *r)
{
	FOR_PODS(c, o) {
		const char *ns = k8s_val_str(&o->namespace_v);
		if (!ns || strcmp(ns, "kube-system"))
			continue;
		rep(c, r, k8s_val_vspan(&o->namespace_v),
		    "%s is placed in kube-system: its pods can run as any of "
		    "that namespace's service accounts, and Pod Security "
		    "admission is often not enforced there",
		    obj_name(c, o));
	}
}

static const struct bh_rule rule_bh3045 = {
	K8S("BH3045", BH_SEV_LOW, "network-isolation"),
	.title = "Workload in the kube-system namespace",
	.why = "kube-system holds the control plane's add-ons and their "
	       "service accounts, many with cluster-wide rights a pod of "
	       "the namespace can mount; clusters commonly exempt it from "
	       "Pod Security admission and network policies.  Low: "
	       "cluster add-ons (node agents, DNS, CNI) belong there.",
	.fix = "Set metadata.namespace to a namespace of the application's "
	       "own, unless this is a cluster add-on.",
	.trivy = "KSV-0037",
	.check = check_bh3045,
};

static void check_bh3043(struct bh_check *c, const struct bh_rule *r)
{
	const struct k8s_object *first = NULL;
	for (size_t i = 0; i < c->k8s->nobjects; i++) {
		const struct k8s_object *o = &c->k8s->objects[i];
		if (!strcmp(o->kind, "NetworkPolicy"))
			return;
		if (o->pod && !first && !k8s_is_partial(o))
			first = o;
	}
	if (first)
		rep(c, r, at_kind(first),
		    "%s: no NetworkPolicy in this file selects its pods, so "
		    "they accept traffic from anywhere in the cluster",
		    obj_name(c, first));
}

static const struct bh_rule rule_bh3043 = {
	K8S("BH3043", BH_SEV_LOW, "network-isolation"),
	.title = "No NetworkPolicy beside the workloads",
	.why = "Pods no NetworkPolicy selects accept traffic from every "
	       "pod in the cluster.",
	.fix = "Add a NetworkPolicy that admits only the expected "
	       "peers (start from default-deny).",
	.checkov = "CKV2_K8S_6",
	.other = "kube-score:pod-networkpolicy, Polaris:missingNetwork"
		 "Policy, kube-linter:non-isolated-pod",
	.check = check_bh3043,
	.flags = BH_RULE_OFF_BY_DEFAULT,
};

/* Whether a scalar, or any scalar of a list or of a list's mappings
 * (env: [{name, value}], command, args), names Java (java_sign.h). */
static bool node_shows_java(const struct yml_node *n, int depth)
{
	if (!n || depth > 3)
		return false;
	if (n->kind == YML_SCALAR)
		return java_text(n->str);
	if (yml_is_seq(n)) {
		for (size_t i = 0; i < n->n; i++)
			if (node_shows_java(n->items[i], depth + 1))
				return true;
	} else if (yml_is_map(n)) {
		for (size_t i = 0; i < n->n; i++)
			if (node_shows_java(n->pairs[i].value, depth + 1))
				return true;
	}
	return false;
}

/* The image as written, or as a kustomization of the run deploys it
 * (k->deployed: an overlay's newName may be the Java image). */
static bool container_shows_java(const struct k8s_container *k)
{
	bool java = java_image(k8s_val_str(&k->image));
	for (const struct k8s_deployed *d = k->deployed; d && !java;
	     d = d->next)
		java = java_image(d->ref);
	return java || node_shows_java(k->env.value, 0) ||
	       node_shows_java(yml_get(k->node, "command"), 0) ||
	       node_shows_java(yml_get(k->node, "args"), 0);
}

static void check_bh3044(struct bh_check *c, const struct bh_rule *r)
{
	static const struct {
		long long port;
		const char *what;
	} risky[] = {
		{ 22, "SSH" },           { 23, "telnet" },
		{ 2375, "Docker API" },  { 2376, "Docker API (TLS)" },
		{ 5005, "Java debug (JDWP)" }, { 9229, "Node.js inspector" },
		{ 5678, "Python debugpy" },    { 2345, "Go delve debugger" },
	};
	FOR_CONTAINERS(c, o, k) {
		const struct yml_node *ports = k->ports.value;
		int java = -1;  /* container_shows_java(), asked once */
		for (size_t i = 0; yml_is_seq(ports) && i < ports->n; i++) {
			const struct yml_node *cp = yml_get(ports->items[i],
							    "containerPort");
			long long v = 0;
			if (!yml_as_int(cp, true, &v))
				continue;
			/* 5005 is JDWP only in a container that shows Java */
			if (v == 5005 && java < 0)
				java = container_shows_java(k);
			if (v == 5005 && !java)
				continue;
			for (size_t j = 0; j < sizeof(risky) / sizeof(*risky); j++)
				if (risky[j].port == v)
					rep(c, r, k8s_span(o, cp),
					    "%s exposes port %lld (%s)",
					    who(c, o, k), v, risky[j].what);
		}
	}
}

static const struct bh_rule rule_bh3044 = {
	K8S("BH3044", BH_SEV_MEDIUM, "minimal-ports"),
	.title = "SSH, remote-admin or debug port",
	.why = "SSH, the Docker API and debugger ports give a shell or "
	       "code execution to whoever reaches them.  Port 5005 counts as "
	       "the Java debugger only in a container that shows Java (its "
	       "image, JAVA_* variables, java or a .jar in command, args or "
	       "env).",
	.fix = "Remove the port; use `kubectl exec` or `kubectl debug`.",
	.other = "kube-linter:ssh-port",
	.check = check_bh3044,
};

/* ---- the table ---- */

const struct bh_rule *const bh_rules_k8s[] = {
	&rule_bh3001,
	&rule_bh3002,
	&rule_bh3003,
	&rule_bh3004,
	&rule_bh3005,
	&rule_bh3006,
	&rule_bh3007,
	&rule_bh3008,
	&rule_bh3009,
	&rule_bh3010,
	&rule_bh3011,
	&rule_bh3012,
	&rule_bh3013,
	&rule_bh3014,
	&rule_bh3015,
	&rule_bh3016,
	&rule_bh3017,
	&rule_bh3018,
	&rule_bh3019,
	&rule_bh3020,
	&rule_bh3021,
	&rule_bh3022,
	&rule_bh3023,
	&rule_bh3024,
	&rule_bh3025,
	&rule_bh3026,
	&rule_bh3027,
	&rule_bh3028,
	&rule_bh3029,
	&rule_bh3030,
	&rule_bh3031,
	&rule_bh3032,
	&rule_bh3033,
	&rule_bh3034,
	&rule_bh3035,
	&rule_bh3036,
	&rule_bh3037,
	&rule_bh3038,
	&rule_bh3039,
	&rule_bh3040,
	&rule_bh3041,
	&rule_bh3042,
	&rule_bh3043,
	&rule_bh3044,
	&rule_bh3045,
};
const size_t bh_rules_k8s_count =
	sizeof(bh_rules_k8s) / sizeof(bh_rules_k8s[0]);

