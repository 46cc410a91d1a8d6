/* SPDX-License-Identifier: Apache-2.0
 *
 * rt_model.h - the runtime model: containers as `docker inspect` /
 * `podman inspect` print them, and the Docker daemon's daemon.json.
 *
 * rt_model_containers() reads the JSON tree (src/parse/yml.c reads JSON:
 * it is YAML 1.2 flow, and every node keeps its line and column) of an
 * inspect document - an array of containers or one container object -
 * into one struct rt_container per container, each field the node of its
 * key (NULL when absent), so a rule reports at the key that is wrong.
 * Docker and podman spell the fields the same (podman keeps Docker's
 * HostConfig); podman adds ImageName and Config.CreateCommand and
 * writes capabilities with a CAP_ prefix, which the rules accept
 * (docs/runtime.md "Real podman documents").
 * rt_model_daemon() takes daemon.json's top-level mapping.
 *
 * Memory: the model points into the yml tree and comes from the caller's
 * arena; nothing is freed on its own.
 * Tests: tests/cases/runtime/, tests/cases/daemon/ (through bulkhead
 * inspect / daemon, src/cli/cmd_runtime.c), tests/suites/meta.sh,
 * tests/suites/podman_fixtures.sh and podman_live.sh (real podman).
 */
#ifndef BH_RT_MODEL_H
#define BH_RT_MODEL_H

#include <stddef.h>

#include "../parse/yml.h"
#include "../util/arena.h"
#include "../util/diag.h"

struct rt_container {
	const struct yml_node *node;        /* the container's object */
	const char *name;                   /* Name without '/', or "#N" */
	const struct yml_node *config;      /* Config (a mapping) or NULL */
	const struct yml_node *host;        /* HostConfig or NULL */
	/* Config.* (Cmd and Entrypoint an array, or a string: Docker's
	 * StrSlice reads both, podman before 5 writes Entrypoint as one) */
	const struct yml_node *image, *user, *healthcheck, *env, *cmd,
		*entrypoint, *labels;
	/* podman: Config.CreateCommand, the `podman create`/`run` command
	 * line as typed (podman before 4.4 writes IpcMode "shareable" for
	 * every --ipc, so only this says --ipc=host) */
	const struct yml_node *create_command;
	/* HostConfig.* */
	const struct yml_node *privileged, *cap_add, *cap_drop, *security_opt,
		*readonly_rootfs, *network_mode, *pid_mode, *ipc_mode,
		*uts_mode, *userns_mode, *binds, *mounts, *memory, *nano_cpus,
		*cpu_quota, *cpu_shares, *pids_limit, *ulimits, *restart,
		*port_bindings, *devices;
	/* top level */
	const struct yml_node *top_mounts;      /* Mounts (both runtimes) */
	const struct yml_node *apparmor;        /* AppArmorProfile */
	const struct yml_node *path, *args;     /* Path, Args: the process */
};

struct rt_model {
	struct rt_container *containers;
	size_t ncontainers;
	const struct yml_node *daemon;          /* daemon.json's mapping */
};

/* An inspect document's root (array or object) into *m: BH_OK, or
 * BH_EPARSE with the cause (a root or an item that is no object, a field
 * whose JSON type is not Docker's: "Privileged": 1) in d. */
int rt_model_containers(struct arena *a, const struct yml_node *root,
			struct rt_model *m, struct diag *d);
/* daemon.json's root into *m: BH_OK, or BH_EPARSE when not an object or
 * when a setting the rules read has not dockerd's type ("icc": "false"). */
int rt_model_daemon(const struct yml_node *root, struct rt_model *m,
		    struct diag *d);

/* The scalar value of key "key" of mapping "map" as text, or NULL. */
const char *rt_str(const struct yml_node *map, const char *key);

#endif
