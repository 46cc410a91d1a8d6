/* SPDX-License-Identifier: Apache-2.0
 *
 * rt_model.c - containers from `docker inspect` / `podman inspect` JSON,
 * and the daemon's daemon.json (rt_model.h).
 *
 * It owns where each field sits in an inspect document (Config.User,
 * HostConfig.Privileged, ...) and nothing about what a value means: the
 * rules (src/rules/rules_runtime.c) judge.  The tree comes from
 * src/parse/yml.c, so depth and size are bounded there; this file only
 * walks the top array once.
 * Tests: tests/cases/runtime/, tests/cases/daemon/, tests/suites/meta.sh.
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
	m->daemon = root;
	return BH_OK;
}
