/* SPDX-License-Identifier: Apache-2.0
 *
 * host_path.c - the host-path table shared by the Compose, Kubernetes
 * and runtime rule families (see host_path.h for why it is one table).
 *
 * It owns the lists -- runtime sockets by file name, the folders that
 * hold them, sensitive folders matched exactly or with everything under
 * them, and the few files under those that are harmless to share
 * (time zone, the null and random devices) -- and the path
 * normalisation.  It does not read models or decide severities: each
 * family's rule reports BH_HOST_SOCKET and BH_HOST_SENSITIVE with its
 * own id and message.  The three families used to keep a list each and
 * disagreed (Kubernetes missed /etc/nginx, /var/lib/containers and
 * /usr/lib/modules; Compose and inspect missed kubelet.sock,
 * dockershim.sock, /var/lib/etcd, /usr and /var/log).
 *
 * Tests: tests/unit/rules/test_host_path.c,
 * tests/cases/link/host-paths-agree.case and the BH2030/BH2031,
 * BH3011-BH3013 cases (Compose files and inspect JSON).
 */
#include "host_path.h"

#include <stdbool.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Sockets that give control of the node's containers, by file name. */
static const char *const sockets[] = {
	"docker.sock", "podman.sock", "containerd.sock", "crio.sock",
	"cri-dockerd.sock", "dockershim.sock", "kubelet.sock",
};

/* Folders that hold such a socket, mounted whole. */
static const char *const socket_dirs[] = {
	"/var/run", "/run", "/var/run/docker", "/run/docker",
	"/var/run/containerd", "/run/containerd", "/var/run/crio",
	"/run/crio", "/run/podman", "/var/run/podman",
};

/* Sensitive as the folder itself: a subfolder of /usr or /var/lib is
 * often meant to be shared (/usr/share/zoneinfo, /var/lib/app). */
static const char *const exact[] = {
	"/", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/home", "/var",
	"/var/lib", "/var/log",
};

/* Sensitive with everything under them. */
static const char *const trees[] = {
	"/etc", "/proc", "/sys", "/root", "/boot", "/dev",
	"/var/lib/docker", "/var/lib/kubelet", "/var/lib/containerd",
	"/var/lib/containers", "/var/lib/etcd", "/lib/modules",
	"/usr/lib/modules",
};

/* Under a tree, yet harmless to share. */
static const char *const harmless[] = {
	"/etc/localtime", "/etc/timezone", "/dev/null", "/dev/zero",
	"/dev/random", "/dev/urandom",
};

void bh_host_path_norm(const char *src, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; src[i] && o + 1 < size; i++) {
		if (src[i] == '/' && o && out[o - 1] == '/')
			continue;
		out[o++] = src[i];
	}
	while (o > 1 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
}

static bool is_or_under(const char *p, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(p, dir, n) && (p[n] == '\0' || p[n] == '/');
}

enum bh_host_path bh_host_path_class(const char *p, const char **root)
{
	if (root)
		*root = NULL;
	const char *base = strrchr(p, '/');
	base = base ? base + 1 : p;
	for (size_t i = 0; i < N(sockets); i++)
		if (!strcmp(base, sockets[i]))
			return BH_HOST_SOCKET;
	for (size_t i = 0; i < N(socket_dirs); i++)
		if (!strcmp(p, socket_dirs[i]))
			return BH_HOST_SOCKET;
	for (size_t i = 0; i < N(harmless); i++)
		if (!strcmp(p, harmless[i]))
			return BH_HOST_OTHER;
	for (size_t i = 0; i < N(exact); i++)
		if (!strcmp(p, exact[i])) {
			if (root)
				*root = exact[i];
			return BH_HOST_SENSITIVE;
		}
	for (size_t i = 0; i < N(trees); i++)
		if (is_or_under(p, trees[i])) {
			if (root)
				*root = trees[i];
			return BH_HOST_SENSITIVE;
		}
	return BH_HOST_OTHER;
}
