/* SPDX-License-Identifier: Apache-2.0
 *
 * host_path.h - what a host path mounted into a container exposes: the
 * one table the Compose and runtime inspect (BH2030/BH2031, both
 * inputs), and Kubernetes hostPath (BH3011-BH3013) rules all grade
 * host mounts from, so that a path cannot be the runtime socket in one
 * family and harmless in another (tests/cases/link/host-paths-agree.case).
 *
 * Nothing here allocates: callers pass the buffers; the returned
 * pointers are static strings.  Tests: tests/unit/rules/test_host_path.c
 * and the cases named above.
 */
#ifndef BH_HOST_PATH_H
#define BH_HOST_PATH_H

#include <stddef.h>

enum bh_host_path {
	BH_HOST_OTHER,     /* a host path none of the lists name */
	BH_HOST_SOCKET,    /* a container runtime or kubelet socket, or
			    * the folder that holds one */
	BH_HOST_SENSITIVE, /* the host's root, system folders, kernel
			    * interfaces, runtime and cluster state */
};

/* Copies "src" into "out" (size bytes, size >= 1) with doubled '/'
 * collapsed and trailing '/' dropped ("/var//run/" -> "/var/run");
 * truncated to fit. */
void bh_host_path_norm(const char *src, char *out, size_t size);

/* The class of the normalised absolute path "p".  For
 * BH_HOST_SENSITIVE, *root (when root is not NULL) is set to the listed
 * folder p is or falls under ("/etc" for "/etc/nginx"). */
enum bh_host_path bh_host_path_class(const char *p, const char **root);

#endif
