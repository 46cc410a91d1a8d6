/* SPDX-License-Identifier: Apache-2.0
 *
 * rt_model.c - containers from `docker inspect` / `podman inspect` JSON,
 * and the daemon's daemon.json (rt_model.h).
 *
 * It owns where each field sits in an inspect document (Config.User,
 * HostConfig.Privileged, ...) and nothing about what a value means: the
 * rules (src/rules/rules_runtime.c) judge.  The tree comes from
 * src/parse/yml.c, so depth and size are bounded there; this file only
 * walks the top array once, and checks the JSON type of each field it
 * reads and of what the rules read inside them (Docker's types; a value
 * of another type is an input error at the value, docs/runtime.md).
 * Tests: tests/cases/runtime/, tests/cases/daemon/, tests/suites/meta.sh,
 * tests/suites/podman_fixtures.sh, tests/suites/podman_live.sh.
 */
#include "rt_model.h"

#include <stdio.h>
#include <string.h>

const char *rt_str(const struct yml_node *map, const char *key)
{
	const struct yml_node *v = yml_get(map, key);
	return v && v->kind == YML_SCALAR ? v->str : NULL;
}

static const struct yml_node *map_or_null(const struct yml_node *n)
{
	return n && n->kind == YML_MAP ? n : NULL;
}

/* ---- JSON types ------------------------------------------------------
 *
 * The fields read here have the JSON types Docker writes, and dockerd's
 * and the CLI's Go decoding (encoding/json into typed structs) refuses
 * any other: `"Privileged": 1` or `"Privileged": "true"` is "cannot
 * unmarshal number into Go struct field HostConfig.Privileged of type
 * bool", a Memory of 1.5 or 1e9 cannot go into an int64.  So a field of
 * the wrong type is an input error at its value (exit 2), never read
 * leniently nor skipped; null is accepted anywhere, as Go leaves the
 * field at its zero value.  The text is strict JSON (scan_rt.c checks it
 * with jansson), so a double-quoted scalar is a string and a plain one
 * true, false, null or a number. */
enum {
	T_BOOL = 1u, T_INT = 2u, T_STR = 4u, T_ARR = 8u, T_OBJ = 16u,
};

static unsigned json_type(const struct yml_node *n)
{
	if (n->kind == YML_SEQ)
		return T_ARR;
	if (n->kind == YML_MAP)
		return T_OBJ;
	if (n->style != YML_PLAIN)
		return T_STR;
	if (yml_is_null(n))
		return 0;
	if (!strcmp(n->str, "true") || !strcmp(n->str, "false"))
		return T_BOOL;
	const char *p = n->str + (n->str[0] == '-');
	if (!*p)
		return T_STR + T_INT;   /* not JSON: jansson refused it */
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return T_STR + T_INT; /* a fraction or an exponent */
	return T_INT;
}

static const char *type_word(unsigned t)
{
	return t == T_BOOL ? "a boolean (true or false)"
	       : t == T_INT ? "an integer"
	       : t == T_STR ? "a string"
	       : t == T_ARR ? "an array" : "an object";
}

static const char *found_word(const struct yml_node *n)
{
	unsigned t = json_type(n);
	return t == T_BOOL ? "a boolean" : t == T_INT ? "an integer"
	       : t == T_STR + T_INT ? "a number that is not an integer"
	       : t == T_STR ? "a string" : t == T_ARR ? "an array"
	       : "an object";
}

/* Whether value "v" of "where"."key" of "doc" ("inspect item 2",
 * "daemon.json") has type "want" (or is null or absent); else the
 * error, at the value. */
static int want(const struct yml_node *v, unsigned want_t, const char *doc,
		const char *where, const char *key, struct diag *d)
{
	if (!v || yml_is_null(v) || json_type(v) == want_t)
		return BH_OK;
	return diag_error(d, BH_EPARSE, v->line, v->col,
			  "%s: %s%s%s is %s, want %s, as Docker writes it",
			  doc, where ? where : "", where ? "." : "", key,
			  found_word(v), type_word(want_t));
}

/* Every item of array "list" ("where"."key") of type "t". */
static int want_items(const struct yml_node *list, unsigned t,
		      const char *idx, const char *where, const char *key,
		      struct diag *d)
{
	int rc = BH_OK;
	for (size_t i = 0; rc == BH_OK && list && list->kind == YML_SEQ &&
			   i < list->n; i++)
		rc = want(list->items[i], t, idx, where, key, d);
	return rc;
}

/* Each item of array "list" ("where", ending in "[]") an object (or
 * null), and its key "key" of type "t". */
static int want_in_items(const struct yml_node *list, const char *key,
			 unsigned t, const char *idx, const char *where,
			 struct diag *d)
{
	int rc = BH_OK;
	for (size_t i = 0; rc == BH_OK && list && list->kind == YML_SEQ &&
			   i < list->n; i++) {
		rc = want(list->items[i], T_OBJ, idx, NULL, where, d);
		if (rc == BH_OK)
			rc = want(yml_get(list->items[i], key), t, idx, where,
				  key, d);
	}
	return rc;
}

/* The types of the fields fill() reads, and of what the rules read
 * inside them (docs/runtime.md "Input"). */
static int check_types(const struct yml_node *o, size_t item, struct diag *d)
{
	char idx[48];
	snprintf(idx, sizeof(idx), "inspect item %zu", item + 1);
	static const struct { const char *sect, *key; unsigned t; } f[] = {
		{ NULL, "Name", T_STR },
		{ NULL, "ImageName", T_STR },
		{ NULL, "AppArmorProfile", T_STR },
		{ NULL, "Mounts", T_ARR },
		{ NULL, "EffectiveCaps", T_ARR },
		{ NULL, "Config", T_OBJ },
		{ NULL, "HostConfig", T_OBJ },
		{ "Config", "Image", T_STR },
		{ "Config", "User", T_STR },
		{ "Config", "Healthcheck", T_OBJ },
		{ "Config", "Env", T_ARR },
		{ "Config", "Labels", T_OBJ },
		{ NULL, "Path", T_STR },
		{ NULL, "Args", T_ARR },
		{ "HostConfig", "Privileged", T_BOOL },
		{ "HostConfig", "ReadonlyRootfs", T_BOOL },
		{ "HostConfig", "CapAdd", T_ARR },
		{ "HostConfig", "CapDrop", T_ARR },
		{ "HostConfig", "SecurityOpt", T_ARR },
		{ "HostConfig", "NetworkMode", T_STR },
		{ "HostConfig", "PidMode", T_STR },
		{ "HostConfig", "IpcMode", T_STR },
		{ "HostConfig", "UTSMode", T_STR },
		{ "HostConfig", "UsernsMode", T_STR },
		{ "HostConfig", "Binds", T_ARR },
		{ "HostConfig", "Mounts", T_ARR },
		{ "HostConfig", "Memory", T_INT },
		{ "HostConfig", "NanoCpus", T_INT },
		{ "HostConfig", "CpuQuota", T_INT },
		{ "HostConfig", "CpuShares", T_INT },
		{ "HostConfig", "PidsLimit", T_INT },
		{ "HostConfig", "Ulimits", T_ARR },
		{ "HostConfig", "RestartPolicy", T_OBJ },
		{ "HostConfig", "PortBindings", T_OBJ },
		{ "HostConfig", "Devices", T_ARR },
	};
	int rc = BH_OK;
	for (size_t i = 0; rc == BH_OK && i < sizeof(f) / sizeof(f[0]); i++) {
		const struct yml_node *m = f[i].sect ? yml_get(o, f[i].sect) : o;
		if (m && m->kind == YML_MAP)
			rc = want(yml_get(m, f[i].key), f[i].t, idx, f[i].sect,
				  f[i].key, d);
	}
	if (rc != BH_OK)
		return rc;
	const struct yml_node *c = yml_get(o, "Config");
	const struct yml_node *h = yml_get(o, "HostConfig");
	const struct yml_node *hc = yml_get(c, "Healthcheck");
	const struct yml_node *rp = yml_get(h, "RestartPolicy");
	const struct yml_node *pb = yml_get(h, "PortBindings");
	static const char *const str_lists[] = { "CapAdd", "CapDrop",
						 "SecurityOpt", "Binds" };
	for (size_t i = 0; rc == BH_OK && i < 4; i++)
		rc = want_items(yml_get(h, str_lists[i]), T_STR, idx,
				"HostConfig", str_lists[i], d);
	/* Cmd and Entrypoint: strslice.StrSlice, an array of strings or one
	 * string; Env an array of strings; Labels string values; Args an
	 * array of strings */
	static const char *const slices[] = { "Cmd", "Entrypoint" };
	for (size_t i = 0; rc == BH_OK && i < 2; i++) {
		const struct yml_node *v = yml_get(c, slices[i]);
		if (v && v->kind == YML_SCALAR && json_type(v) == T_STR)
			continue;
		rc = want(v, T_ARR, idx, "Config", slices[i], d);
		if (rc == BH_OK)
			rc = want_items(v, T_STR, idx, "Config", slices[i], d);
	}
	if (rc == BH_OK)
		rc = want_items(yml_get(c, "Env"), T_STR, idx, "Config", "Env", d);
	if (rc == BH_OK)
		rc = want_items(yml_get(o, "Args"), T_STR, idx, NULL, "Args", d);
	if (rc == BH_OK)      /* podman: []string */
		rc = want(yml_get(c, "CreateCommand"), T_ARR, idx, "Config",
			  "CreateCommand", d);
	if (rc == BH_OK)
		rc = want_items(yml_get(c, "CreateCommand"), T_STR, idx,
				"Config", "CreateCommand", d);
	const struct yml_node *lb = yml_get(c, "Labels");
	for (size_t i = 0; rc == BH_OK && lb && lb->kind == YML_MAP &&
			   i < lb->n; i++) {
		const char *lk = yml_is_scalar(lb->pairs[i].key)
				 ? lb->pairs[i].key->str : "?";
		rc = want(lb->pairs[i].value, T_STR, idx, "Config.Labels", lk, d);
	}
	if (rc == BH_OK)
		rc = want(yml_get(hc, "Test"), T_ARR, idx, "Config.Healthcheck",
			  "Test", d);
	if (rc == BH_OK)
		rc = want_items(yml_get(hc, "Test"), T_STR, idx,
				"Config.Healthcheck", "Test", d);
	if (rc == BH_OK)
		rc = want(yml_get(rp, "Name"), T_STR, idx,
			  "HostConfig.RestartPolicy", "Name", d);
	if (rc == BH_OK)
		rc = want(yml_get(rp, "MaximumRetryCount"), T_INT, idx,
			  "HostConfig.RestartPolicy", "MaximumRetryCount", d);
	static const struct { const char *key; unsigned t; } ul[] = {
		{ "Name", T_STR }, { "Hard", T_INT }, { "Soft", T_INT },
	};
	for (size_t i = 0; rc == BH_OK && i < 3; i++)
		rc = want_in_items(yml_get(h, "Ulimits"), ul[i].key, ul[i].t,
				   idx, "HostConfig.Ulimits[]", d);
	/* HostConfig.Mounts: mount.Mount (ReadOnly); the top-level Mounts:
	 * types.MountPoint (RW) */
	static const struct { const char *key; unsigned t; } mt[] = {
		{ "Type", T_STR }, { "Source", T_STR }, { "ReadOnly", T_BOOL },
		{ "RW", T_BOOL },
	};
	for (size_t i = 0; rc == BH_OK && i < 4; i++)
		rc = want_in_items(yml_get(h, "Mounts"), mt[i].key, mt[i].t,
				   idx, "HostConfig.Mounts[]", d);
	for (size_t i = 0; rc == BH_OK && i < 4; i++)
		rc = want_in_items(yml_get(o, "Mounts"), mt[i].key, mt[i].t,
				   idx, "Mounts[]", d);
	/* PortBindings: {"5432/tcp": [{"HostIp": "", "HostPort": "5432"}]} */
	for (size_t i = 0; rc == BH_OK && pb && pb->kind == YML_MAP &&
			   i < pb->n; i++) {
		const struct yml_node *l = pb->pairs[i].value;
		const char *port = yml_is_scalar(pb->pairs[i].key)
				   ? pb->pairs[i].key->str : "?";
		char where[96];
		snprintf(where, sizeof(where), "HostConfig.PortBindings.%.40s[]",
			 port);
		rc = want(l, T_ARR, idx, "HostConfig.PortBindings", port, d);
		if (rc == BH_OK)
			rc = want_in_items(l, "HostIp", T_STR, idx, where, d);
		if (rc == BH_OK)
			rc = want_in_items(l, "HostPort", T_STR, idx, where, d);
	}
	return rc;
}

static void fill(struct arena *a, struct rt_container *k,
		 const struct yml_node *o, size_t idx)
{
	memset(k, 0, sizeof(*k));
	k->node = o;
	const char *name = rt_str(o, "Name");
	if (name && *name == '/')
		name++;
	k->name = name && *name ? name : arena_printf(a, "#%zu", idx + 1);
	if (!k->name)
		k->name = "?";
	k->config = map_or_null(yml_get(o, "Config"));
	k->host = map_or_null(yml_get(o, "HostConfig"));
	k->image = yml_get(k->config, "Image");
	if (!k->image)
		k->image = yml_get(o, "ImageName"); /* podman */
	k->user = yml_get(k->config, "User");
	k->healthcheck = yml_get(k->config, "Healthcheck");
	k->env = yml_get(k->config, "Env");
	k->cmd = yml_get(k->config, "Cmd");
	k->entrypoint = yml_get(k->config, "Entrypoint");
	k->labels = yml_get(k->config, "Labels");
	k->create_command = yml_get(k->config, "CreateCommand");
	const struct yml_node *h = k->host;
	k->privileged = yml_get(h, "Privileged");
	k->cap_add = yml_get(h, "CapAdd");
	k->cap_drop = yml_get(h, "CapDrop");
	k->security_opt = yml_get(h, "SecurityOpt");
	k->readonly_rootfs = yml_get(h, "ReadonlyRootfs");
	k->network_mode = yml_get(h, "NetworkMode");
	k->pid_mode = yml_get(h, "PidMode");
	k->ipc_mode = yml_get(h, "IpcMode");
	k->uts_mode = yml_get(h, "UTSMode");
	k->userns_mode = yml_get(h, "UsernsMode");
	k->binds = yml_get(h, "Binds");
	k->mounts = yml_get(h, "Mounts");
	k->memory = yml_get(h, "Memory");
	k->nano_cpus = yml_get(h, "NanoCpus");
	k->cpu_quota = yml_get(h, "CpuQuota");
	k->cpu_shares = yml_get(h, "CpuShares");
	k->pids_limit = yml_get(h, "PidsLimit");
	k->ulimits = yml_get(h, "Ulimits");
	k->restart = yml_get(h, "RestartPolicy");
	k->port_bindings = yml_get(h, "PortBindings");
	k->devices = yml_get(h, "Devices");
	k->top_mounts = yml_get(o, "Mounts");
	k->apparmor = yml_get(o, "AppArmorProfile");
	k->path = yml_get(o, "Path");
	k->args = yml_get(o, "Args");
}

int rt_model_containers(struct arena *a, const struct yml_node *root,
			struct rt_model *m, struct diag *d)
{
	memset(m, 0, sizeof(*m));
	if (!root)
		return diag_error(d, BH_EPARSE, 1, 1,
				  "empty document: want docker/podman inspect JSON");
	size_t n = root->kind == YML_SEQ ? root->n : 1;
	if (root->kind == YML_SCALAR)
		return diag_error(d, BH_EPARSE, root->line, root->col,
				  "want an inspect array or object, found a %s",
				  yml_kind_name(root->kind));
	m->containers = n ? arena_array(a, n, sizeof(*m->containers)) : NULL;
	if (n && !m->containers)
		return diag_error(d, BH_ELIMIT, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct yml_node *o = root->kind == YML_SEQ ? root->items[i]
								 : root;
		if (!o || o->kind != YML_MAP)
			return diag_error(d, BH_EPARSE, o ? o->line : 0,
					  o ? o->col : 0,
					  "inspect item %zu is a %s, not an object",
					  i + 1, o ? yml_kind_name(o->kind) : "null");
		if (!yml_get(o, "HostConfig") &&
		    (yml_get(o, "RootFS") || yml_get(o, "RepoTags")))
			return diag_error(d, BH_EPARSE, o->line, o->col,
					  "inspect item %zu is an image (`docker "
					  "image inspect`), not a container: "
					  "audit the image with `bulkhead image`",
					  i + 1);
		if (!yml_get(o, "HostConfig") && !yml_get(o, "Config"))
			return diag_error(d, BH_EPARSE, o->line, o->col,
					  "inspect item %zu has neither Config nor "
					  "HostConfig: not a container", i + 1);
		int rc = check_types(o, i, d);
		if (rc != BH_OK)
			return rc;
		fill(a, &m->containers[i], o, i);
	}
	m->ncontainers = n;
	return BH_OK;
}

int rt_model_daemon(const struct yml_node *root, struct rt_model *m,
		    struct diag *d)
{
	memset(m, 0, sizeof(*m));
	if (!root || root->kind != YML_MAP)
		return diag_error(d, BH_EPARSE, root ? root->line : 1,
				  root ? root->col : 1,
				  "daemon configuration is not a JSON object");
	/* the settings the rules read, typed as dockerd's Config is: a
	 * string for a boolean ("icc": "false") stops dockerd from starting
	 * ("cannot unmarshal string into Go struct field"), so it is an
	 * input error here too */
	static const struct { const char *key; unsigned t; } f[] = {
		{ "icc", T_BOOL }, { "live-restore", T_BOOL },
		{ "no-new-privileges", T_BOOL }, { "experimental", T_BOOL },
		{ "tls", T_BOOL }, { "tlsverify", T_BOOL },
		{ "userns-remap", T_STR }, { "log-driver", T_STR },
		{ "seccomp-profile", T_STR }, { "log-opts", T_OBJ },
		{ "insecure-registries", T_ARR }, { "hosts", T_ARR },
		{ "default-ulimits", T_OBJ },
	};
	const char *doc = "daemon.json";
	int rc = BH_OK;
	for (size_t i = 0; rc == BH_OK && i < sizeof(f) / sizeof(f[0]); i++)
		rc = want(yml_get(root, f[i].key), f[i].t, doc, NULL, f[i].key, d);
	if (rc == BH_OK)
		rc = want(yml_get(yml_get(root, "log-opts"), "max-size"), T_STR,
			  doc, "log-opts", "max-size", d);
	static const char *const lists[] = { "insecure-registries", "hosts" };
	for (size_t i = 0; rc == BH_OK && i < 2; i++)
		rc = want_items(yml_get(root, lists[i]), T_STR, doc, NULL,
				lists[i], d);
	/* default-ulimits: {"nofile": {"Name": "nofile", "Hard": 64000,
	 * "Soft": 64000}} */
	const struct yml_node *u = yml_get(root, "default-ulimits");
	for (size_t i = 0; rc == BH_OK && u && u->kind == YML_MAP && i < u->n;
	     i++) {
		const struct yml_node *v = u->pairs[i].value;
		const char *name = yml_is_scalar(u->pairs[i].key)
				   ? u->pairs[i].key->str : "?";
		char where[96];
		snprintf(where, sizeof(where), "default-ulimits.%.64s", name);
		rc = want(v, T_OBJ, doc, "default-ulimits", name, d);
		if (rc == BH_OK)
			rc = want(yml_get(v, "Name"), T_STR, doc, where, "Name", d);
		if (rc == BH_OK)
			rc = want(yml_get(v, "Hard"), T_INT, doc, where, "Hard", d);
		if (rc == BH_OK)
			rc = want(yml_get(v, "Soft"), T_INT, doc, where, "Soft", d);
	}
	if (rc != BH_OK)
		return rc;
	m->daemon = root;
	return BH_OK;
}
