/* SPDX-License-Identifier: Apache-2.0
 *
 * cmp_model.h - a Docker Compose project as the Compose rules see it.
 *
 * cmp_model_build() reads the YAML tree of one Compose file (or the
 * merged tree of several, see cmp_merge()) into services and networks.
 * A file in the v1 format (services at the top level, `net:` for
 * network_mode) is read too: Compose v1 still runs such files.
 * Every value keeps the position of the YAML node it came from (file
 * index, 1-based line and column), so a finding points at the key that is
 * wrong; a missing key is reported at the service's name.
 *
 * String values are interpolated as Compose does (${VAR}, ${VAR:-d},
 * ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+r}, ${VAR+r}, $VAR, $$) through a
 * lookup callback; "raw" keeps the text as written, which is what the
 * secret checks read (a ${VAR} reference is not a secret in the file).
 * An unset variable without a default interpolates to "" and sets the
 * value's "unresolved" flag, so checks can stay quiet rather than guess.
 *
 * Memory: everything (model, strings, arrays) comes from the caller's
 * arena and lives until arena_free().  The model borrows the YAML nodes,
 * which must come from the same arena.
 *
 * Tests: tests/unit/compose/test_cmp.c, tests/cases/cli/walk-compose-v1.case.
 */
#ifndef BH_CMP_MODEL_H
#define BH_CMP_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "../parse/yml.h"
#include "../util/arena.h"
#include "../util/diag.h"

/* Looks a variable up: the value, or NULL when unset. */
typedef const char *(*cmp_lookup_fn)(void *ctx, const char *name);

/* One value as written, with where it was written. */
struct cmp_str {
	const char *v;        /* interpolated value; NULL = key absent */
	const char *raw;      /* as written (scalars), or NULL */
	int file;             /* index of the input (yml_limits.file) */
	int line, col;        /* 1-based; 0 when synthesised */
	bool unresolved;      /* an unset ${VAR} without default was used */
	const struct yml_node *node;  /* the YAML value node, or NULL */
};

struct cmp_strs {
	struct cmp_str *v;
	size_t n;
};

/* A "NAME=value" or "NAME: value" entry (environment, sysctls, args). */
struct cmp_kv {
	struct cmp_str name;  /* position of the entry (list item or key) */
	struct cmp_str value; /* v NULL: no value given ("- NAME" / NAME:) */
};

struct cmp_kvs {
	struct cmp_kv *v;
	size_t n;
};

struct cmp_port {
	struct cmp_str spec;  /* the item (short form) or its "target" key */
	const char *host_ip;  /* NULL or "" = all interfaces */
	long host_lo, host_hi;    /* published host ports; 0 = random */
	long target_lo, target_hi;/* container ports */
	const char *protocol; /* "tcp" unless given */
	bool published;       /* reachable from the host (all "ports:"
				 entries are; "expose:" entries are not) */
	bool from_expose;
};

enum cmp_mount_type {
	CMP_MOUNT_VOLUME = 0, /* named or anonymous volume */
	CMP_MOUNT_BIND,
	CMP_MOUNT_TMPFS,
	CMP_MOUNT_NPIPE,
	CMP_MOUNT_OTHER,
};

struct cmp_mount {
	struct cmp_str spec;  /* the item; position for findings */
	enum cmp_mount_type type;
	const char *source;   /* host path or volume name; NULL = anonymous */
	const char *target;
	bool read_only;
	const char *propagation; /* bind.propagation or short-form option */
};

struct cmp_ulimit {
	struct cmp_str name;
	long long soft, hard; /* -1 = unlimited; LLONG_MIN = not given */
};

struct cmp_service {
	struct cmp_str name;          /* the key under services: */
	struct cmp_str image;
	struct cmp_str user;
	bool has_build;
	struct cmp_str build_context; /* build: "dir" or build.context */
	struct cmp_str build_dockerfile;
	struct cmp_str build_target;
	struct cmp_kvs build_args;

	struct cmp_port *ports;       /* ports: then expose: entries */
	size_t nports;
	struct cmp_kvs environment;
	struct cmp_mount *mounts;     /* volumes: */
	size_t nmounts;
	struct cmp_strs cap_add, cap_drop, security_opt, devices;
	struct cmp_kvs sysctls;
	struct cmp_ulimit *ulimits;
	size_t nulimits;
	struct cmp_strs networks;     /* names; empty = the default network */
	bool has_networks_key;
	struct cmp_strs secrets;      /* names of secrets: */

	struct cmp_str privileged;    /* raw scalars, read with cmp_bool() */
	struct cmp_str read_only;
	struct cmp_str network_mode, pid, ipc, userns_mode, uts;
	struct cmp_str cgroup_parent, cgroup;
	struct cmp_str restart;
	struct cmp_str restart_policy_condition;   /* deploy.restart_policy */
	struct cmp_str restart_policy_max_attempts;

	bool has_healthcheck;
	struct cmp_str healthcheck;   /* the key, for positions */
	struct cmp_str healthcheck_disable;
	struct cmp_str healthcheck_test;   /* first word of test: */

	struct cmp_str mem_limit, cpus, pids_limit;
	struct cmp_str limits_memory, limits_cpus, limits_pids; /* deploy. */

	const struct yml_node *node;  /* the service mapping */
};

struct cmp_network {
	struct cmp_str name;
	struct cmp_str internal;
	struct cmp_str external;
	struct cmp_str driver;
};

/* One input file of the project (index = cmp_str.file). */
struct cmp_file {
	const char *path;     /* as reported */
	const char *text;     /* the raw input, for snippets */
	size_t len;
};

struct cmp_model {
	struct cmp_file *files;   /* set by the caller (core/scan_compose.c) */
	size_t nfiles;
	struct cmp_service *services;
	size_t nservices;
	struct cmp_network *networks;
	size_t nnetworks;
	const struct yml_node *root;
};

/* The services mapping of Compose document "root": its `services:`, or
 * for the Compose file format v1 (no `version:`, no `services:`, the
 * services at the top level, each a mapping with `image:` or `build:`)
 * the root itself.  NULL when there is none. */
const struct yml_node *cmp_services_of(const struct yml_node *root);

/* Build "m" from a Compose document root.  m->files / m->nfiles are
 * kept (set them first, or zero them); everything else is overwritten.
 * Returns BH_OK, or BH_EPARSE (top level or services: not a mapping, a
 * service not a mapping) with the cause in "d" (d->file set to the
 * offending input when m->files names it).  Unknown keys and odd value
 * types are ignored. */
int cmp_model_build(const struct yml_node *root, cmp_lookup_fn lookup,
		    void *lookup_ctx, struct arena *a, struct cmp_model *m,
		    struct diag *d);

/* Merge Compose document "over" onto "base" as `docker compose -f base
 * -f over` does: mappings merge key by key, scalars override, lists
 * append without duplicates (environment, labels, sysctls, build args
 * keyed by name; volumes by target; ports by value), command /
 * entrypoint / healthcheck.test are replaced, a !reset tag removes
 * the key and !override replaces it.  The result is a new tree in "a"
 * sharing unchanged nodes with both inputs.  Returns BH_OK, BH_ELIMIT
 * (nesting) or BH_ENOMEM. */
int cmp_merge(struct arena *a, const struct yml_node *base,
	      const struct yml_node *over, struct yml_node **out,
	      struct diag *d);

/* Merge service mapping "over" onto service mapping "base" with the
 * rules of cmp_merge(), as `extends:` does (compose-go's
 * override.ExtendService is the same MergeYaml as for -f files).  The work
 * (key comparisons) is charged to *budget, shared by the calls of one
 * scan, so merging one big base into many services stays bounded; an
 * exhausted budget is BH_ELIMIT.  Either side not a mapping is
 * BH_EPARSE.  The result is a new mapping in "a" (never "base" or "over"
 * themselves), sharing unchanged nodes with both. */
int cmp_merge_service(struct arena *a, const struct yml_node *base,
		      const struct yml_node *over, size_t *budget,
		      struct yml_node **out, struct diag *d);

/* Interpolate "s" (see above).  NULL on allocation failure; *unresolved
 * set when an unset variable had no default.  An error form (${V:?e})
 * with V unset interpolates to "" and sets *unresolved. */
char *cmp_interpolate(struct arena *a, const char *s, cmp_lookup_fn lookup,
		      void *ctx, bool *unresolved);

/* A boolean field (privileged, read_only, internal...): Compose reads
 * true/false/yes/no/on/off/y/n in any case, quoted or not.  False when
 * absent or not a boolean. */
bool cmp_bool(const struct cmp_str *s, bool *out);

/* Parse a .env file's text into name/value pairs (NAME=VALUE, export,
 * quotes, comments, ${VAR} interpolation from earlier lines and
 * "lookup").  Entries go to "out" (arena arrays). */
int cmp_dotenv_parse(struct arena *a, const char *text, size_t len,
		     cmp_lookup_fn lookup, void *ctx, struct cmp_kvs *out);

/* The repository's last path component without tag or digest
 * ("docker.io/library/postgres:16" -> "postgres"), into the arena. */
const char *cmp_image_repo_name(struct arena *a, const char *image);

#endif
