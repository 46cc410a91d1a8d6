/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_runtime.c - the runtime family: running containers as `docker
 * inspect` / `podman inspect` print them (BH_TARGET_RUNTIME) and the
 * Docker daemon's daemon.json (BH5101-BH5199, BH_TARGET_DAEMON), CIS
 * Docker Benchmark sections 5 and 2; the .cis numbers are of v1.7.0
 * (BH_CIS_VERSION), each checked against the item titles listed in
 * docs/runtime.md "CIS Docker Benchmark items".
 *
 * This file owns the daemon rows and every check over struct rt_model
 * (src/model/rt_model.h).  A container check has no row here: it is the
 * second input (check2, rt_checks.h) of the Compose row of the same
 * meaning, whose id, title and practice its findings carry (BH2018
 * privileged), with that row's fix2 in this input's language (`docker
 * run --read-only`); see docs/decisions.md "Runtime rules".  The ids
 * BH5001-BH5023 those checks had are retired (rule_table.c resolves
 * them to their rows).  Findings
 * point at the key that is wrong ("Privileged": true), at a list item
 * (a CapAdd entry, a Binds entry), or, for a missing setting, at the key
 * of the section that lacks it (HostConfig), else the container object.
 * It never reads a file (bulkhead inspect / daemon read them, src/cli).
 * Tests: tests/cases/runtime/BH20xx-*.case, tests/cases/daemon/BH51xx-*.case
 * (a firing and a quiet case per rule), tests/suites/leaks_inspect.sh
 * (BH2006: no secret value in any format, findings at the value),
 * tests/suites/podman_fixtures.sh and podman_live.sh (real podman 4.3.1
 * documents, tests/data/inspect-podman), tests/suites/meta.sh.
 */
#include "families.h"
#include "rt_checks.h"
#include "cap_risk.h"
#include "host_path.h"
#include "cmdpw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/df_model.h"
#include "../model/rt_model.h"
#include "../parse/yml.h"
#include "../secrets/secrets.h"

#define DMN(id_, sev_, practice_) \
	.id = id_, .severity = sev_, .practice = practice_, \
	.target = BH_TARGET_DAEMON

/* by index: an empty inspect array (`[]`) leaves containers NULL, and
 * NULL + 0 is undefined (found by fuzz/fuzz_runtime.c) */
#define FOR_CT(c, k) \
	for (size_t k##_i = 0; k##_i < (c)->runtime->ncontainers; k##_i++) \
		for (const struct rt_container *k = \
			     &(c)->runtime->containers[k##_i]; k; k = NULL)

/* ---- positions ---------------------------------------------------- */

static struct bh_span node_span(const struct yml_node *n)
{
	struct bh_span s = yml_span(n);
	if (s.end_line != s.line)
		s.end_line = s.end_col = 0;
	return s;
}

/* The key "key" of mapping "map", or NULL. */
static const struct yml_node *key_of(const struct yml_node *map,
				     const char *key)
{
	const struct yml_pair *p = yml_get_pair(map, key);
	return p ? p->key : NULL;
}

/* Where a container's setting "key" of section "sect" ("HostConfig",
 * "Config", NULL: top level) is, or where it is missing: the section's
 * key, else the container object. */
static struct bh_span at(const struct rt_container *k, const char *sect,
			 const char *key)
{
	const struct yml_node *m = !sect ? k->node
				   : !strcmp(sect, "Config") ? k->config : k->host;
	const struct yml_node *n = key_of(m, key);
	if (!n && sect)
		n = key_of(k->node, sect);
	return node_span(n ? n : k->node);
}

static bool is_true(const struct yml_node *n)
{
	bool b = false;
	return yml_as_bool(n, YML_BOOL_QUOTED, &b) && b;
}

static bool get_int(const struct yml_node *n, long long *v)
{
	return yml_as_int(n, true, v);
}

static const char *str(const struct yml_node *n)
{
	return n && n->kind == YML_SCALAR && !yml_is_null(n) ? n->str : NULL;
}

static size_t seq_n(const struct yml_node *n)
{
	return n && n->kind == YML_SEQ ? n->n : 0;
}

/* "CAP_SYS_ADMIN" -> "SYS_ADMIN" */
static const char *cap_name(const char *s)
{
	return strncasecmp(s, "CAP_", 4) == 0 ? s + 4 : s;
}

/* A SecurityOpt entry "name=value" / "name:value" / "name". */
static bool opt_is(const char *s, const char *name, const char *value)
{
	size_t n = strlen(name);
	if (strncmp(s, name, n) != 0)
		return false;
	if (!value)
		return s[n] == '\0';
	return (s[n] == '=' || s[n] == ':') && !strcmp(s + n + 1, value);
}

static bool has_opt(const struct rt_container *k, const char *name,
		    const char *value)
{
	for (size_t i = 0; i < seq_n(k->security_opt); i++) {
		const char *s = str(k->security_opt->items[i]);
		if (s && opt_is(s, name, value))
			return true;
	}
	return false;
}

#define NAME(k) ((k)->name)

/* ---- user ------------------------------------------------------------- */

/* Config.User empty (inspect shows the effective value, the image's
 * user merged in, so empty is root) or root (img_user_is_root). */
static bool root_user(const char *u)
{
	return !u || !*u || img_user_is_root(u);
}

void rt_check_root_user(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k) {
		const char *u = str(k->user);
		if (u && *u && img_user_is_root(u))
			bh_report(c, r, at(k, "Config", "User"),
				  "container \"%s\" runs as root (User %s)",
				  NAME(k), u);
		else if (!u || !*u)
			/* inspect shows the effective user, the image's
			 * merged in: empty is root, not "unknown" as a
			 * Compose service without user: is (BH2002) */
			bh_report(c, r, at(k, "Config", "User"),
				  "container \"%s\" runs as root (User empty: "
				  "neither the container nor its image sets one)",
				  NAME(k));
	}
}

void rt_check_user_name(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k) {
		const char *u = str(k->user);
		if (root_user(u))
			continue;
		if (!img_user_is_numeric(u))
			bh_report(c, r, at(k, "Config", "User"),
				  "container \"%s\" names its user \"%s\", not a "
				  "numeric UID", NAME(k), u);
	}
}


/* ---- health check ------------------------------------------------- */

static bool health_none(const struct yml_node *h)
{
	const struct yml_node *t = yml_get(h, "Test");
	return seq_n(t) && yml_scalar_eq(t->items[0], "NONE");
}

void rt_check_no_health(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (!k->healthcheck || yml_is_null(k->healthcheck))
			bh_report(c, r, at(k, "Config", "Healthcheck"),
				  "container \"%s\" has no health check", NAME(k));
}


void rt_check_health_off(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (health_none(k->healthcheck))
			bh_report(c, r, node_span(yml_get(k->healthcheck, "Test")),
				  "container \"%s\" disables its health check "
				  "(Test NONE)", NAME(k));
}


/* ---- privileges ------------------------------------------------------- */

void rt_check_privileged(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (is_true(k->privileged))
			bh_report(c, r, at(k, "HostConfig", "Privileged"),
				  "container \"%s\" runs privileged", NAME(k));
}


/* Docker's default capability set (moby oci/caps DefaultCapabilities),
 * without "CAP_".  Podman 4 writes CapDrop relative to it: `--cap-drop=ALL`
 * is these 14, CAP_-prefixed, not "ALL" (tests/data/inspect-podman). */
static const char *const docker_default_caps[] = {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
	"MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP",
	"SETUID", "SYS_CHROOT",
};

static bool drops_cap(const struct rt_container *k, const char *cap)
{
	for (size_t i = 0; i < seq_n(k->cap_drop); i++) {
		const char *s = str(k->cap_drop->items[i]);
		if (s && !strcasecmp(cap_name(s), cap))
			return true;
	}
	return false;
}

/* CapDrop has ALL, or names every default capability (the same: nothing
 * of the default set is kept).  Not podman's EffectiveCaps: a non-root
 * process has none effective yet keeps the bounding set (BoundingCaps),
 * which a setuid binary or a file capability raises again. */
static bool drops_all(const struct rt_container *k)
{
	if (drops_cap(k, "ALL"))
		return true;
	for (size_t i = 0; i < sizeof(docker_default_caps) /
			       sizeof(docker_default_caps[0]); i++)
		if (!drops_cap(k, docker_default_caps[i]))
			return false;
	return true;
}

void rt_check_caps_kept(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (!is_true(k->privileged) && !drops_all(k))
			bh_report(c, r, at(k, "HostConfig", "CapDrop"),
				  "container \"%s\" keeps the default "
				  "capabilities (CapDrop has no ALL)", NAME(k));
}


/* A privileged container has every capability already: BH2018 says it
 * once and the added ones are moot, as for a privileged Compose service
 * (rules_compose.c check_caps). */
void rt_check_cap_add(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		for (size_t i = 0; !is_true(k->privileged) &&
				   i < seq_n(k->cap_add); i++) {
			const char *s = str(k->cap_add->items[i]);
			/* BH2014-BH2017: the row of the capability's risk */
			if (!s || cap_risk_severity(cap_name(s), NULL) != r->severity)
				continue;
			bh_report(c, r, node_span(k->cap_add->items[i]),
				  "container \"%s\" adds capability %s",
				  NAME(k), cap_name(s));
		}
}


void rt_check_nnp(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (!is_true(k->privileged) &&
		    !has_opt(k, "no-new-privileges", NULL) &&
		    !has_opt(k, "no-new-privileges", "true"))
			bh_report(c, r, at(k, "HostConfig", "SecurityOpt"),
				  "container \"%s\" does not set "
				  "no-new-privileges", NAME(k));
}


void rt_check_seccomp(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		for (size_t i = 0; i < seq_n(k->security_opt); i++) {
			const char *s = str(k->security_opt->items[i]);
			if (s && opt_is(s, "seccomp", "unconfined"))
				bh_report(c, r, node_span(k->security_opt->items[i]),
					  "container \"%s\" runs without seccomp",
					  NAME(k));
		}
}


void rt_check_mac(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k) {
		bool hit = false;
		for (size_t i = 0; i < seq_n(k->security_opt); i++) {
			const char *s = str(k->security_opt->items[i]);
			if (s && (opt_is(s, "apparmor", "unconfined") ||
				  opt_is(s, "label", "disable") ||
				  opt_is(s, "label", "type:spc_t"))) {
				bh_report(c, r, node_span(k->security_opt->items[i]),
					  "container \"%s\" sets %s", NAME(k), s);
				hit = true;
			}
		}
		/* privileged already says it (BH2018) */
		if (!hit && !is_true(k->privileged) &&
		    yml_scalar_eq(k->apparmor, "unconfined"))
			bh_report(c, r, at(k, NULL, "AppArmorProfile"),
				  "container \"%s\" runs without AppArmor "
				  "(AppArmorProfile unconfined)", NAME(k));
	}
}


void rt_check_writable_root(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (!is_true(k->readonly_rootfs))
			bh_report(c, r, at(k, "HostConfig", "ReadonlyRootfs"),
				  "container \"%s\" has a writable root "
				  "filesystem", NAME(k));
}


/* podman create/run options that take no value (podman 4's, the
 * versions podman_ipc_host() reads): every other option without "=" takes
 * the next item as its value, so a value is never taken for the image. */
static bool podman_flag(const char *o)
{
	static const char *const longs[] = {
		"--detach", "--disable-content-trust", "--env-host", "--help",
		"--http-proxy", "--init", "--interactive", "--no-healthcheck",
		"--no-hosts", "--oom-kill-disable", "--passwd", "--privileged",
		"--publish-all", "--quiet", "--read-only", "--read-only-tmpfs",
		"--replace", "--rm", "--rmi", "--rootfs", "--sig-proxy",
		"--tls-verify", "--tty", "--unsetenv-all", NULL,
	};
	for (size_t i = 0; longs[i]; i++)
		if (!strcmp(o, longs[i]))
			return true;
	return false;
}

/* Podman 4.0 to 4.3 write IpcMode "shareable" whatever --ipc said
 * (containers/podman#17189, fixed in 4.4): for such a document, the
 * `--ipc=host` (or `--ipc host`) item of Config.CreateCommand among
 * `podman [global options] [container] create|run`'s own options, which
 * end at the first word that is no option or option value (the image,
 * however it was typed: "alpine" for docker.io/library/alpine:latest) or
 * at "--"; else NULL (also when no create/run word is found). */
static const struct yml_node *podman_ipc_host(const struct rt_container *k)
{
	if (!yml_scalar_eq(k->ipc_mode, "shareable"))
		return NULL;
	const struct yml_node *cc = k->create_command;
	size_t n = seq_n(cc), i = 1;
	/* past the global options (podman --root DIR ...) to the verb */
	for (; i < n; i++) {
		const char *s = str(cc->items[i]);
		if (s && (!strcmp(s, "create") || !strcmp(s, "run")))
			break;
	}
	for (i++; i < n; i++) {
		const char *s = str(cc->items[i]);
		if (!s || s[0] != '-' || !strcmp(s, "-") || !strcmp(s, "--"))
			break;  /* the image (or what stands for it), "--" */
		const char *next = i + 1 < n ? str(cc->items[i + 1]) : NULL;
		if (!strcmp(s, "--ipc=host") ||
		    (!strcmp(s, "--ipc") && next && !strcmp(next, "host")))
			return cc->items[i];
		if (s[1] == '-') {
			if (!strchr(s, '=') && !podman_flag(s))
				i++;  /* its value */
			continue;
		}
		/* short letters: -i -t -d -P -q take no value; any other
		 * letter takes the rest of the item, or the next item */
		for (size_t b = 1; s[b]; b++)
			if (!strchr("itdPq", s[b])) {
				if (!s[b + 1])
					i++;
				break;
			}
	}
	return NULL;
}

void rt_check_host_ns(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const keys[] = {
		"NetworkMode", "PidMode", "IpcMode", "UTSMode", "UsernsMode",
	};
	FOR_CT(c, k) {
		const struct yml_node *v[] = {
			k->network_mode, k->pid_mode, k->ipc_mode, k->uts_mode,
			k->userns_mode,
		};
		for (size_t i = 0; i < 5; i++)
			if (yml_scalar_eq(v[i], "host"))
				bh_report(c, r, at(k, "HostConfig", keys[i]),
					  "container \"%s\" shares the host's "
					  "namespace (%s host)", NAME(k), keys[i]);
		const struct yml_node *ipc = podman_ipc_host(k);
		if (ipc)
			bh_report(c, r, node_span(ipc),
				  "container \"%s\" shares the host's namespace "
				  "(--ipc host in Config.CreateCommand; podman "
				  "before 4.4 writes IpcMode shareable for it)",
				  NAME(k));
	}
}


/* ---- mounts -------------------------------------------------------- */

/* One host bind of a container: its source (normalised), whether it is
 * read-only, and the node to point at. */
struct bind {
	char src[512];
	bool ro;
	const struct yml_node *at;
};

/* The i-th host bind of list "list" (Binds strings, HostConfig.Mounts or
 * top-level Mounts objects); false when that item is none. */
static bool bind_at(const struct yml_node *list, size_t i, struct bind *b)
{
	const struct yml_node *it = list->items[i];
	b->at = it;
	b->ro = false;
	if (it->kind == YML_SCALAR) {          /* "/src:/dst[:opts]" */
		const char *s = str(it);
		if (!s || s[0] != '/')
			return false;    /* a named volume */
		char tmp[512];
		size_t n = strcspn(s, ":");
		if (n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		bh_host_path_norm(tmp, b->src, sizeof(b->src));
		const char *opts = s[n] ? strchr(s + n + 1, ':') : NULL;
		b->ro = opts && (strstr(opts, "ro") == opts + 1 ||
				 strstr(opts, ",ro"));
		return true;
	}
	if (it->kind != YML_MAP)
		return false;
	const char *type = rt_str(it, "Type");
	const char *src = rt_str(it, "Source");
	if (!type || strcmp(type, "bind") || !src || src[0] != '/')
		return false;
	bh_host_path_norm(src, b->src, sizeof(b->src));
	const struct yml_node *ro = yml_get(it, "ReadOnly");
	const struct yml_node *rw = yml_get(it, "RW");
	b->ro = is_true(ro) || (rw && !is_true(rw));
	const struct yml_pair *p = yml_get_pair(it, "Source");
	b->at = p ? p->key : it;
	return true;
}

/* Whether source "src" is bound by one of "lists" already (the
 * top-level Mounts repeat what HostConfig asked for). */
static bool bound_in(const struct yml_node *list, const char *src)
{
	struct bind b;
	for (size_t i = 0; i < seq_n(list) && i < 1000; i++)
		if (bind_at(list, i, &b) && !strcmp(b.src, src))
			return true;
	return false;
}

typedef void (*bind_fn)(struct bh_check *c, const struct bh_rule *r,
			const struct rt_container *k, const struct bind *b);

static void each_bind(struct bh_check *c, const struct bh_rule *r, bind_fn fn)
{
	FOR_CT(c, k) {
		const struct yml_node *lists[] = { k->binds, k->mounts,
						   k->top_mounts };
		for (size_t l = 0; l < 3; l++)
			for (size_t i = 0; i < seq_n(lists[l]); i++) {
				struct bind b;
				if (!bind_at(lists[l], i, &b))
					continue;
				if (l == 2 && (bound_in(k->binds, b.src) ||
					       bound_in(k->mounts, b.src)))
					continue;
				if (l == 1 && bound_in(k->binds, b.src))
					continue;
				fn(c, r, k, &b);
			}
	}
}

static void sock_one(struct bh_check *c, const struct bh_rule *r,
		     const struct rt_container *k, const struct bind *b)
{
	if (bh_host_path_class(b->src, NULL) == BH_HOST_SOCKET)
		bh_report(c, r, node_span(b->at),
			  "container \"%s\" mounts the runtime socket %s%s",
			  NAME(k), b->src, b->ro ? " (read-only does not help)" : "");
}

void rt_check_socket(struct bh_check *c, const struct bh_rule *r)
{
	each_bind(c, r, sock_one);
}


static void sens_one(struct bh_check *c, const struct bh_rule *r,
		     const struct rt_container *k, const struct bind *b)
{
	if (bh_host_path_class(b->src, NULL) == BH_HOST_SENSITIVE)
		bh_report(c, r, node_span(b->at),
			  "container \"%s\" mounts sensitive host path %s%s",
			  NAME(k), b->src, b->ro ? " (read-only)" : "");
}

void rt_check_sensitive(struct bh_check *c, const struct bh_rule *r)
{
	each_bind(c, r, sens_one);
}


void rt_check_device(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		for (size_t i = 0; i < seq_n(k->devices); i++) {
			const struct yml_node *d = k->devices->items[i];
			const char *p = rt_str(d, "PathOnHost");
			if (!p)
				p = str(d);
			bh_report(c, r, node_span(d),
				  "container \"%s\" maps host device %s", NAME(k),
				  p ? p : "(unnamed)");
		}
}


/* ---- resources ----------------------------------------------------- */

static bool positive(const struct yml_node *n)
{
	long long v;
	return get_int(n, &v) && v > 0;
}

void rt_check_memory(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (!positive(k->memory))
			bh_report(c, r, at(k, "HostConfig", "Memory"),
				  "container \"%s\" has no memory limit", NAME(k));
}


void rt_check_cpu(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (!positive(k->nano_cpus) && !positive(k->cpu_quota))
			bh_report(c, r, at(k, "HostConfig", "NanoCpus"),
				  "container \"%s\" has no CPU limit%s", NAME(k),
				  positive(k->cpu_shares)
				  ? " (CpuShares is a relative weight, not a limit)"
				  : "");
}


void rt_check_pids(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		if (!positive(k->pids_limit))
			bh_report(c, r, at(k, "HostConfig", "PidsLimit"),
				  "container \"%s\" has no PID limit", NAME(k));
}


static bool nofile_nproc(const char *n)
{
	if (!n)
		return false;
	if (!strncasecmp(n, "RLIMIT_", 7))
		n += 7;
	return !strcasecmp(n, "nofile") || !strcasecmp(n, "nproc");
}

static bool unlimited(const struct yml_node *n)
{
	long long v;
	return get_int(n, &v) && v < 0;
}

void rt_check_ulimits(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k)
		for (size_t i = 0; i < seq_n(k->ulimits); i++) {
			const struct yml_node *u = k->ulimits->items[i];
			const char *n = rt_str(u, "Name");
			if (nofile_nproc(n) && (unlimited(yml_get(u, "Soft")) ||
						unlimited(yml_get(u, "Hard"))))
				bh_report(c, r, node_span(u),
					  "container \"%s\" has an unlimited %s "
					  "ulimit", NAME(k), n);
		}
}


void rt_check_restart(struct bh_check *c, const struct bh_rule *r)
{
	FOR_CT(c, k) {
		const struct yml_node *name = yml_get(k->restart, "Name");
		long long n = 0;
		if (!yml_scalar_eq(name, "on-failure"))
			continue;
		const struct yml_node *max = yml_get(k->restart,
						     "MaximumRetryCount");
		if (get_int(max, &n) && n > 0)
			continue;
		const struct yml_node *key = key_of(k->restart,
						    "MaximumRetryCount");
		bh_report(c, r, node_span(key ? key : name),
			  "container \"%s\" restarts on failure without a "
			  "retry limit", NAME(k));
	}
}


/* ---- ports ----------------------------------------------------------- */

static long port_of(const char *s)
{
	char *end;
	long v = s ? strtol(s, &end, 10) : -1;
	return s && end != s && v >= 0 && v <= 65535 ? v : -1;
}

static bool db_port(long p)
{
	static const long ports[] = {
		1433, 1521, 2379, 3306, 5432, 5984, 6379, 7000, 7199, 8086,
		9042, 9200, 9300, 11211, 26257, 27017, 27018, 28015,
	};
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (p == ports[i])
			return true;
	return false;
}

static bool debug_port(long p)
{
	static const long ports[] = {
		22, 23, 2375, 2376, 3389, 5005, 5900, 5985, 5986, 9229,
	};
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (p == ports[i])
			return true;
	return false;
}

typedef void (*port_fn)(struct bh_check *c, const struct bh_rule *r,
			const struct rt_container *k, const struct yml_pair *p,
			const struct yml_node *b);

/* Every host binding of PortBindings: {"5432/tcp": [{"HostIp": "",
 * "HostPort": "5432"}]}. */
static void each_port(struct bh_check *c, const struct bh_rule *r, port_fn fn)
{
	FOR_CT(c, k) {
		const struct yml_node *pb = k->port_bindings;
		if (!pb || pb->kind != YML_MAP)
			continue;
		for (size_t i = 0; i < pb->n; i++) {
			const struct yml_node *l = pb->pairs[i].value;
			for (size_t j = 0; j < seq_n(l); j++)
				if (l->items[j]->kind == YML_MAP)
					fn(c, r, k, &pb->pairs[i], l->items[j]);
		}
	}
}

/* A binding on every interface (HostIp empty, 0.0.0.0 or ::) of a
 * database port ("db") or of another port: BH2020 and BH2021. */
static void open_any(struct bh_check *c, const struct bh_rule *r,
		     const struct rt_container *k, const struct yml_pair *p,
		     const struct yml_node *b, bool db)
{
	const char *ip = rt_str(b, "HostIp");
	if (ip && *ip && strcmp(ip, "0.0.0.0") && strcmp(ip, "::"))
		return;
	long cp = port_of(str(p->key));
	if (db_port(cp) != db)
		return;
	const struct yml_node *key = key_of(b, "HostIp");
	bh_report(c, r, node_span(key ? key : b),
		  "container \"%s\" publishes %s on all interfaces%s",
		  NAME(k), str(p->key) ? str(p->key) : "a port",
		  db ? " (a database port)" : "");
}

static void open_db(struct bh_check *c, const struct bh_rule *r,
		    const struct rt_container *k, const struct yml_pair *p,
		    const struct yml_node *b)
{
	open_any(c, r, k, p, b, true);
}

static void open_other(struct bh_check *c, const struct bh_rule *r,
		       const struct rt_container *k, const struct yml_pair *p,
		       const struct yml_node *b)
{
	open_any(c, r, k, p, b, false);
}

void rt_check_open_db_port(struct bh_check *c, const struct bh_rule *r)
{
	each_port(c, r, open_db);
}

void rt_check_open_port(struct bh_check *c, const struct bh_rule *r)
{
	each_port(c, r, open_other);
}


static void priv_one(struct bh_check *c, const struct bh_rule *r,
		     const struct rt_container *k, const struct yml_pair *p,
		     const struct yml_node *b)
{
	long hp = port_of(rt_str(b, "HostPort"));
	(void)p;
	if (hp > 0 && hp < 1024) {
		const struct yml_node *key = key_of(b, "HostPort");
		bh_report(c, r, node_span(key ? key : b),
			  "container \"%s\" maps privileged host port %ld",
			  NAME(k), hp);
	}
}

void rt_check_priv_port(struct bh_check *c, const struct bh_rule *r)
{
	each_port(c, r, priv_one);
}


static void dbg_one(struct bh_check *c, const struct bh_rule *r,
		    const struct rt_container *k, const struct yml_pair *p,
		    const struct yml_node *b)
{
	(void)b;
	long cp = port_of(str(p->key));
	if (debug_port(cp))
		bh_report(c, r, node_span(p->key),
			  "container \"%s\" publishes SSH/remote-admin/debug "
			  "port %ld", NAME(k), cp);
}

void rt_check_debug_port(struct bh_check *c, const struct bh_rule *r)
{
	each_port(c, r, dbg_one);
}


/* ---- secrets (BH2006) ------------------------------------------------
 *
 * What a running container holds in the clear: a literal secret in a
 * Config.Env entry NAME=value or a Config.Labels value (judged by the
 * one secret detector, sec_check_assignment(), as a Dockerfile ENV and
 * a Compose environment entry are), and a password on its command line
 * (cmdpw.h, the one tool list): Config.Entrypoint + Config.Cmd as one
 * argv (a string as a shell line), Config.Healthcheck.Test (CMD,
 * CMD-SHELL), and Path + Args, the process Docker started from them.  A
 * password Path/Args repeats from Entrypoint/Cmd is hidden, not reported
 * twice.  Each finding points at the value inside its JSON string (an
 * escape such as \u0041 counted as written) and hides it there.
 *
 * Cost: the line starts of the text are indexed once per check (no
 * search from the top per finding), and a container's findings are
 * reported in document order, so the report step's line lookup only
 * moves forward (2000 containers x 200 Env entries: bench in the
 * commit). */

struct rt_pend {
	struct bh_span at, hide;
	const char *msg;            /* NULL: only hide */
	const char *pw;             /* the password (Entrypoint/Cmd) */
};

struct rt_sec {
	struct bh_check *c;
	const struct bh_rule *r;
	const struct rt_container *k;
	size_t *lines;              /* offsets of line starts, lazily */
	size_t nlines;
	bool indexed;
	struct rt_pend *v;
	size_t n, cap;
	/* the argv being judged: word i's node and field */
	const struct yml_node *const *nodes;
	const char *const *fields;
	size_t nnodes;
	bool repeat;                /* Path/Args: hide what Cmd reported */
	size_t cmd_lo, cmd_hi;      /* v[cmd_lo..cmd_hi): Entrypoint/Cmd's */
};

static bool index_lines(struct rt_sec *x)
{
	if (x->indexed)
		return x->lines != NULL;
	x->indexed = true;
	const char *t = x->c->text;
	size_t len = x->c->text_len, n = 1;
	if (!t)
		return false;
	for (const char *p = t; (p = memchr(p, '\n', (size_t)(t + len - p)));
	     p++)
		n++;
	x->lines = arena_array(x->c->arena, n, sizeof(*x->lines));
	if (!x->lines)
		return false;
	x->lines[0] = 0;
	x->nlines = 1;
	for (const char *p = t; (p = memchr(p, '\n', (size_t)(t + len - p)));
	     p++)
		x->lines[x->nlines++] = (size_t)(p - t) + 1;
	return true;
}

/* The source bytes of one JSON \ escape at s[0..n) (s[0] == '\\'): how
 * many it takes, with *dec the bytes it decodes to. */
static size_t json_escape(const char *s, size_t n, size_t *dec)
{
	*dec = 1;
	if (n < 2 || s[1] != 'u')
		return n < 2 ? n : 2;
	if (n < 6)
		return n;
	unsigned long cp = strtoul((char[5]){ s[2], s[3], s[4], s[5], 0 },
				   NULL, 16);
	if (cp >= 0xD800 && cp < 0xDC00 && n >= 12 && s[6] == '\\' &&
	    s[7] == 'u') {
		*dec = 4;                   /* a surrogate pair */
		return 12;
	}
	*dec = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
	return 6;
}

/* Where bytes [off, off + vlen) of string node "n"'s value are written:
 * the JSON string on its one line, escapes counted as written.  Falls
 * back to the whole value. */
static struct bh_span value_at(struct rt_sec *x, const struct yml_node *n,
			       size_t off, size_t vlen)
{
	struct bh_span whole = yml_value_span(n);
	if (whole.end_line != whole.line)
		whole.end_line = whole.end_col = 0;
	if (n->style != YML_DOUBLE_QUOTED || n->line < 1 || n->col < 1 ||
	    !index_lines(x) || (size_t)n->line > x->nlines)
		return whole;
	const char *t = x->c->text;
	size_t start = x->lines[n->line - 1];
	size_t end = (size_t)n->line < x->nlines ? x->lines[n->line]
						 : x->c->text_len;
	size_t i = start + (size_t)n->col - 1;
	if (i >= end || t[i] != '"')
		return whole;
	i++;
	size_t dec = 0, from = 0;
	bool have_from = false;
	while (i < end && t[i] != '"') {
		if (!have_from && dec >= off) {
			from = i;
			have_from = true;
		}
		if (dec >= off + vlen)
			break;
		size_t d = 1, s = t[i] == '\\' ? json_escape(t + i, end - i, &d)
					      : 1;
		i += s;
		dec += d;
	}
	if (!have_from && dec >= off && i < end) {
		from = i;
		have_from = true;
	}
	if (!have_from || dec < off + vlen || i <= from)
		return whole;
	return (struct bh_span){ n->line, (int)(from - start) + 1, n->line,
				 (int)(i - start) + 1 };
}

static void pend(struct rt_sec *x, struct bh_span at, struct bh_span hide,
		 const char *msg, const char *pw)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		struct rt_pend *v = arena_array(x->c->arena, cap, sizeof(*v));
		if (!v)
			return;
		if (x->n)
			memcpy(v, x->v, x->n * sizeof(*v));
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n++] = (struct rt_pend){ at, hide, msg, pw };
}

/* "NAME=value" (an Env entry) or key "name" with value node "n" (a
 * label): a literal secret by the detector's verdict. */
static void judge_assignment(struct rt_sec *x, const char *field,
			     const char *name, const struct yml_node *n,
			     size_t off)
{
	const char *value = n->str + off;
	size_t vlen = n->len - off;
	struct sec_match sm;
	memset(&sm, 0, sizeof(sm));
	if (!vlen || strlen(value) != vlen ||
	    !sec_check_assignment(name, value, &sm))
		return;
	char masked[64];
	bh_mask_secret(value, masked, sizeof(masked));
	struct bh_span at = value_at(x, n, off, vlen);
	const char *msg = arena_printf(x->c->arena,
				       "container \"%s\": %s %s holds a literal "
				       "secret (%s: %s)", NAME(x->k), field,
				       name, sm.title ? sm.title : "secret",
				       masked);
	pend(x, at, at, msg, NULL);
}

static void on_rt_password(void *ctx, size_t word, const char *pw,
			   size_t len, const char *how, const char *tool)
{
	struct rt_sec *x = ctx;
	if (word >= x->nnodes || !len)
		return;
	const struct yml_node *n = x->nodes[word];
	const char *p = n->len >= len ? memmem(n->str, n->len, pw, len) : NULL;
	struct bh_span at = p ? value_at(x, n, (size_t)(p - n->str), len)
			      : value_at(x, n, 0, n->len);
	const char *val = arena_strndup(x->c->arena, pw, len);
	if (!val)
		return;
	if (x->repeat)
		for (size_t i = x->cmd_lo; i < x->cmd_hi; i++)
			if (x->v[i].pw && !strcmp(x->v[i].pw, val)) {
				pend(x, at, at, NULL, NULL);
				return;
			}
	char masked[64];
	bh_mask_secret(val, masked, sizeof(masked));
	const char *msg = arena_printf(x->c->arena,
				       "container \"%s\": %s holds a secret: "
				       "password %s %s (%s)", NAME(x->k),
				       x->fields[word], how, tool ? tool : "",
				       masked);
	pend(x, at, at, msg, val);
}

static bool is_str(const struct yml_node *n)
{
	return n && n->kind == YML_SCALAR && n->style != YML_PLAIN &&
	       strlen(n->str) == n->len;
}

/* Lists (or strings) a then b as one command line, a's words named
 * fa, b's fb; a string is a shell line, but a string "a" is one word
 * when "a_word" (Path: the executable). */
static void judge_argv(struct rt_sec *x, const struct yml_node *a,
		       const char *fa, bool a_word, const struct yml_node *b,
		       const char *fb)
{
	size_t na = !a || yml_is_null(a) ? 0 : a->kind == YML_SEQ ? a->n : 1;
	size_t nb = !b || yml_is_null(b) ? 0 : b->kind == YML_SEQ ? b->n : 1;
	size_t n = na + nb;
	if (!n || n > 4096)
		return;
	const struct yml_node **nodes = arena_array(x->c->arena, n,
						    sizeof(*nodes));
	const char **fields = arena_array(x->c->arena, n, sizeof(*fields));
	const char **words = arena_array(x->c->arena, n, sizeof(*words));
	if (!nodes || !words || !fields)
		return;
	bool script = false;
	for (size_t i = 0; i < n; i++) {
		const struct yml_node *l = i < na ? a : b;
		size_t j = i < na ? i : i - na;
		const struct yml_node *it = l->kind == YML_SEQ ? l->items[j] : l;
		script |= l->kind == YML_SCALAR && !(a_word && l == a);
		nodes[i] = it;
		fields[i] = i < na ? fa : fb;
		words[i] = is_str(it) ? it->str : NULL;
	}
	x->nodes = nodes;
	x->fields = fields;
	x->nnodes = n;
	if (!script) {
		cmdpw_scan_argv(x->c->arena, words, n, on_rt_password, x);
		return;
	}
	/* a string Entrypoint or Cmd (podman before 5, or Docker's StrSlice
	 * given one string): each string a shell line, each list alone */
	for (size_t i = 0; i < n; i++)
		if (nodes[i]->kind == YML_SCALAR && words[i] &&
		    (i < na ? a : b)->kind == YML_SCALAR &&
		    !(a_word && i < na))
			cmdpw_scan_script(x->c->arena, words[i], nodes[i]->len,
					  i, on_rt_password, x);
	if (a && a->kind == YML_SEQ && na)
		cmdpw_scan_argv(x->c->arena, words, na, on_rt_password, x);
	if (b && b->kind == YML_SEQ && nb) {
		x->nodes = nodes + na;
		x->fields = fields + na;
		x->nnodes = nb;
		cmdpw_scan_argv(x->c->arena, words + na, nb, on_rt_password, x);
	}
}

static int by_place(const void *a, const void *b)
{
	const struct rt_pend *p = a, *q = b;
	if (p->at.line != q->at.line)
		return p->at.line < q->at.line ? -1 : 1;
	if (p->at.col != q->at.col)
		return p->at.col < q->at.col ? -1 : 1;
	return (p->msg == NULL) - (q->msg == NULL);
}

void rt_check_secrets(struct bh_check *c, const struct bh_rule *r)
{
	struct rt_sec x;
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.r = r;
	FOR_CT(c, k) {
		x.k = k;
		x.n = 0;
		for (size_t i = 0; i < seq_n(k->env); i++) {
			const struct yml_node *e = k->env->items[i];
			const char *eq = is_str(e) ? strchr(e->str, '=') : NULL;
			if (!eq || eq == e->str)
				continue;
			const char *name = arena_strndup(c->arena, e->str,
							 (size_t)(eq - e->str));
			if (name)
				judge_assignment(&x, "Config.Env", name, e,
						 (size_t)(eq - e->str) + 1);
		}
		const struct yml_node *lb = k->labels;
		for (size_t i = 0; lb && lb->kind == YML_MAP && i < lb->n; i++)
			if (is_str(lb->pairs[i].key) && is_str(lb->pairs[i].value))
				judge_assignment(&x, "Config.Labels",
						 lb->pairs[i].key->str,
						 lb->pairs[i].value, 0);
		x.repeat = false;
		x.cmd_lo = x.n;
		judge_argv(&x, k->entrypoint, "Config.Entrypoint", false, k->cmd,
			   "Config.Cmd");
		x.cmd_hi = x.n;
		const struct yml_node *t = yml_get(k->healthcheck, "Test");
		if (seq_n(t) >= 2 && yml_scalar_eq(t->items[0], "CMD-SHELL")) {
			if (is_str(t->items[1])) {
				const struct yml_node *w = t->items[1];
				const char *f = "Config.Healthcheck.Test";
				x.nodes = &w;
				x.fields = &f;
				x.nnodes = 1;
				cmdpw_scan_script(c->arena, w->str, w->len, 0,
						  on_rt_password, &x);
			}
		} else if (seq_n(t) >= 2 && yml_scalar_eq(t->items[0], "CMD")) {
			/* the words after "CMD" */
			struct yml_node rest = *t;
			rest.items = t->items + 1;
			rest.n = t->n - 1;
			judge_argv(&x, &rest, "Config.Healthcheck.Test", false, NULL,
				   NULL);
		}
		x.repeat = true;
		judge_argv(&x, is_str(k->path) ? k->path : NULL, "Path", true,
			   k->args, "Args");
		if (!x.n)
			continue;
		qsort(x.v, x.n, sizeof(*x.v), by_place);
		for (size_t i = 0; i < x.n; i++) {
			const struct rt_pend *p = &x.v[i];
			if (i && p->at.line == x.v[i - 1].at.line &&
			    p->at.col == x.v[i - 1].at.col) {
				bh_hide(c, p->hide, NULL);
				continue;
			}
			if (p->msg)
				bh_report_secret(c, r, p->at, p->hide, "%s",
						 p->msg);
			else
				bh_hide(c, p->hide, NULL);
		}
	}
}

/* ---- the daemon (daemon.json) ----------------------------------------- */

#define D(c) ((c)->runtime->daemon)

/* The key "key" of daemon.json, or the document's '{' when missing. */
static struct bh_span dkey(const struct bh_check *c, const char *key)
{
	const struct yml_node *k = key_of(D(c), key);
	return node_span(k ? k : D(c));
}

static void check_bh5101(struct bh_check *c, const struct bh_rule *r)
{
	const struct yml_node *v = yml_get(D(c), "icc");
	bool b = true;
	if (!v || (yml_as_bool(v, YML_BOOL_QUOTED, &b) && b))
		bh_report(c, r, dkey(c, "icc"), "%s",
			  v ? "icc is true: containers on the default bridge "
			      "talk to each other"
			    : "icc not set: containers on the default bridge "
			      "talk to each other");
}

static const struct bh_rule rule_bh5101 = {
	DMN("BH5101", BH_SEV_MEDIUM, "network-isolation"),
	.title = "Inter-container traffic on the default bridge allowed",
	.why = "With icc on (the default) every container on docker0 can "
	       "reach every other one's ports.",
	.fix = "Set `\"icc\": false` and connect what must talk through "
	       "user-defined networks.",
	.cis = "2.2",
	.check = check_bh5101,
};

static void check_bh5102(struct bh_check *c, const struct bh_rule *r)
{
	const char *v = rt_str(D(c), "userns-remap");
	if (!v || !*v)
		bh_report(c, r, dkey(c, "userns-remap"),
			  "userns-remap not set: root in a container is root "
			  "on the host");
}

static const struct bh_rule rule_bh5102 = {
	DMN("BH5102", BH_SEV_MEDIUM, "host-namespaces"),
	.title = "User namespace remapping off",
	.why = "Without userns-remap UID 0 in a container is UID 0 on the "
	       "host; a breakout keeps it.",
	.fix = "Set `\"userns-remap\": \"default\"` (or a dedicated user), or "
	       "run the daemon rootless.",
	.cis = "2.9",
	.check = check_bh5102,
};

static void check_bh5103(struct bh_check *c, const struct bh_rule *r)
{
	if (!is_true(yml_get(D(c), "live-restore")))
		bh_report(c, r, dkey(c, "live-restore"),
			  "live-restore not enabled: containers stop when the "
			  "daemon does");
}

static const struct bh_rule rule_bh5103 = {
	DMN("BH5103", BH_SEV_LOW, "healthcheck"),
	.title = "live-restore not enabled",
	.why = "Without live-restore every daemon restart or upgrade stops "
	       "every container.",
	.fix = "Set `\"live-restore\": true`.",
	.cis = "2.15",
	.check = check_bh5103,
};

static void check_bh5104(struct bh_check *c, const struct bh_rule *r)
{
	if (!is_true(yml_get(D(c), "no-new-privileges")))
		bh_report(c, r, dkey(c, "no-new-privileges"),
			  "no-new-privileges is not the daemon's default");
}

static const struct bh_rule rule_bh5104 = {
	DMN("BH5104", BH_SEV_MEDIUM, "no-new-privileges"),
	.title = "no-new-privileges not the default",
	.why = "Unless the daemon sets it, every container whose run "
	       "forgets --security-opt no-new-privileges lets setuid "
	       "binaries raise privileges.",
	.fix = "Set `\"no-new-privileges\": true`.",
	.cis = "2.14",
	.check = check_bh5104,
};

static void check_bh5105(struct bh_check *c, const struct bh_rule *r)
{
	const char *drv = rt_str(D(c), "log-driver");
	if (drv && !strcmp(drv, "none")) {
		bh_report_severity(c, r, BH_SEV_MEDIUM, dkey(c, "log-driver"),
				   "log-driver none: containers keep no logs");
		return;
	}
	if (drv && strcmp(drv, "json-file") && strcmp(drv, "local"))
		return;    /* a remote driver (syslog, journald, fluentd...) */
	const struct yml_node *opts = yml_get(D(c), "log-opts");
	if (drv && !strcmp(drv, "local"))
		return;    /* local rotates by default (100 MB per container) */
	if (!rt_str(opts, "max-size"))
		bh_report(c, r, opts ? node_span(key_of(D(c), "log-opts"))
				     : dkey(c, "log-driver"),
			  "json-file logs without log-opts max-size grow "
			  "without bound");
}

static const struct bh_rule rule_bh5105 = {
	DMN("BH5105", BH_SEV_LOW, "resource-limits"),
	.title = "Logging unbounded or off",
	.why = "The default json-file driver without max-size fills the "
	       "disk; log-driver none keeps no record at all.",
	.fix = "Set `\"log-opts\": {\"max-size\": \"10m\", \"max-file\": "
	       "\"3\"}`, or a remote driver (syslog, journald, fluentd).",
	.cis = "2.13",
	.check = check_bh5105,
};

static void check_bh5106(struct bh_check *c, const struct bh_rule *r)
{
	const struct yml_node *l = yml_get(D(c), "insecure-registries");
	for (size_t i = 0; i < seq_n(l); i++) {
		const char *s = str(l->items[i]);
		if (!s || !strncmp(s, "127.", 4) || !strncmp(s, "localhost", 9))
			continue;    /* loopback: insecure by default anyway */
		bh_report(c, r, node_span(l->items[i]),
			  "insecure registry %s: images pulled without TLS "
			  "verification", s);
	}
}

static const struct bh_rule rule_bh5106 = {
	DMN("BH5106", BH_SEV_HIGH, "image-signing"),
	.title = "Insecure registry allowed",
	.why = "Images from an insecure registry are pulled over plain "
	       "HTTP or unverified TLS: anyone on the path can swap them.",
	.fix = "Remove it from insecure-registries and give the registry "
	       "a certificate (certs.d/HOST/ca.crt for a private CA).",
	.cis = "2.5",
	.check = check_bh5106,
};

static void check_bh5107(struct bh_check *c, const struct bh_rule *r)
{
	const struct yml_node *l = yml_get(D(c), "hosts");
	bool tls = is_true(yml_get(D(c), "tls"));
	bool verify = is_true(yml_get(D(c), "tlsverify"));
	for (size_t i = 0; i < seq_n(l); i++) {
		const char *s = str(l->items[i]);
		if (!s || strncmp(s, "tcp://", 6) || verify)
			continue;
		if (tls)
			bh_report_severity(c, r, BH_SEV_HIGH, node_span(l->items[i]),
					   "%s serves the API with tls but "
					   "without tlsverify: any client may "
					   "connect", s);
		else
			bh_report(c, r, node_span(l->items[i]),
				  "%s serves the Docker API without TLS", s);
	}
}

static const struct bh_rule rule_bh5107 = {
	DMN("BH5107", BH_SEV_CRITICAL, "docker-socket"),
	.title = "Docker API on TCP without TLS client verification",
	.why = "The API is root on the host; on a TCP socket without "
	       "tlsverify anyone who reaches the port owns the host.",
	.fix = "Use the Unix socket, or set `\"tlsverify\": true` with "
	       "tlscacert, tlscert and tlskey.",
	.cis = "2.7",
	.check = check_bh5107,
};

static void check_bh5108(struct bh_check *c, const struct bh_rule *r)
{
	const struct yml_node *m = yml_get(D(c), "default-ulimits");
	if (!m || m->kind != YML_MAP || m->n == 0) {
		bh_report(c, r, dkey(c, "default-ulimits"),
			  "no default-ulimits: containers inherit the "
			  "daemon's limits");
		return;
	}
	for (size_t i = 0; i < m->n; i++) {
		const struct yml_node *u = m->pairs[i].value;
		const char *n = str(m->pairs[i].key);
		if (nofile_nproc(n) && (unlimited(yml_get(u, "Soft")) ||
					unlimited(yml_get(u, "Hard"))))
			bh_report_severity(c, r, BH_SEV_MEDIUM,
					   node_span(m->pairs[i].key),
					   "default-ulimits %s is unlimited", n);
	}
}

static const struct bh_rule rule_bh5108 = {
	DMN("BH5108", BH_SEV_LOW, "ulimits"),
	.title = "Default ulimits missing or unlimited",
	.why = "Without bounded default-ulimits each container may open "
	       "as many files and processes as the daemon (medium when "
	       "nofile or nproc is unlimited).",
	.fix = "Set `\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", "
	       "\"Soft\": 65536, \"Hard\": 65536}}`.",
	.cis = "2.8",
	.check = check_bh5108,
};

static void check_bh5109(struct bh_check *c, const struct bh_rule *r)
{
	const struct yml_node *v = yml_get(D(c), "seccomp-profile");
	if (yml_scalar_eq(v, "unconfined"))
		bh_report(c, r, dkey(c, "seccomp-profile"),
			  "seccomp-profile unconfined: containers run "
			  "without seccomp by default");
}

static const struct bh_rule rule_bh5109 = {
	DMN("BH5109", BH_SEV_HIGH, "seccomp"),
	.title = "Daemon-wide seccomp disabled",
	.why = "seccomp-profile unconfined turns off the default profile "
	       "for every container that names none.",
	.fix = "Remove it (Docker's default profile), or give a custom "
	       "profile's path.",
	.cis = "2.17",
	.check = check_bh5109,
};

static void check_bh5110(struct bh_check *c, const struct bh_rule *r)
{
	if (is_true(yml_get(D(c), "experimental")))
		bh_report(c, r, dkey(c, "experimental"),
			  "experimental features are on");
}

static const struct bh_rule rule_bh5110 = {
	DMN("BH5110", BH_SEV_LOW, "no-privileged"),
	.title = "Experimental features enabled",
	.why = "Experimental daemon features are not covered by the usual "
	       "stability and security review.",
	.fix = "Set `\"experimental\": false` on production hosts.",
	.cis = "2.18",
	.check = check_bh5110,
};

const struct bh_rule *const bh_rules_runtime[] = {
	&rule_bh5101, &rule_bh5102, &rule_bh5103, &rule_bh5104, &rule_bh5105,
	&rule_bh5106, &rule_bh5107, &rule_bh5108, &rule_bh5109, &rule_bh5110,
};
const size_t bh_rules_runtime_count =
	sizeof(bh_rules_runtime) / sizeof(bh_rules_runtime[0]);
