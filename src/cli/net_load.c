/* SPDX-License-Identifier: Apache-2.0
 *
 * net_load.c - loads the network module bulkhead-net.so (src/cli/net.h)
 * for the two commands that need it, and `bulkhead serve`, which is the
 * module's bhnet_serve().  The module is looked for next to the running
 * binary (/proc/self/exe: the build tree), then in BIN/../lib/bulkhead/
 * (make install, the .deb).  A module missing, not loadable (a library
 * it needs is not installed) or of another bulkhead version is one line
 * naming its path, and the command exits 2.  Nothing else is loaded:
 * every other command starts without libcurl, libmicrohttpd and GnuTLS
 * (docs/decisions.md "The network module").
 * Tests: tests/suites/netmodule.sh.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "net.h"
#include "../util/diag.h"

static void *module;

/* dir of the running binary into dir (no trailing slash); false if
 * /proc/self/exe cannot be read */
static bool exe_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	if (n <= 0)
		return false;
	dir[n] = '\0';
	char *slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

static void *load(const char *cmd)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], shown[2 * PATH_MAX];
	if (!exe_dir(dir, sizeof(dir))) {
		fprintf(stderr, "bulkhead: %s: cannot find the network module "
			"%s: /proc/self/exe: %s\n", cmd, BH_NET_MODULE,
			strerror(errno));
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, BH_NET_MODULE);
	if (access(path, F_OK) != 0) {
		/* installed: PREFIX/bin/bulkhead, PREFIX/lib/bulkhead/ */
		char *up = strrchr(dir, '/');
		if (up)
			*up = '\0';
		snprintf(path, sizeof(path), "%s/lib/bulkhead/%s", dir,
			 BH_NET_MODULE);
	}
	diag_escape(shown, sizeof(shown), path);
	if (access(path, F_OK) != 0) {
		fprintf(stderr, "bulkhead: %s: %s: the network module is not "
			"installed (%s; it belongs beside the binary or in "
			"../lib/bulkhead/)\n", cmd, shown, strerror(errno));
		return NULL;
	}
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		char why[1024];
		diag_escape(why, sizeof(why), e ? e : "unknown error");
		fprintf(stderr, "bulkhead: %s: %s: cannot load the network "
			"module: %s\n", cmd, shown, why);
		return NULL;
	}
	const char *v = dlsym(h, "bhnet_version");
	if (!v || strcmp(v, BH_VERSION) != 0) {
		char vs[64];
		diag_escape(vs, sizeof(vs), v ? v : "none");
		fprintf(stderr, "bulkhead: %s: %s: the network module is of "
			"bulkhead %s, this is %s (reinstall bulkhead)\n", cmd,
			shown, vs, BH_VERSION);
		dlclose(h);
		return NULL;
	}
	return h;
}

void *cli_net_sym(const char *cmd, const char *name)
{
	if (!module && !(module = load(cmd)))
		return NULL;
	void *f = dlsym(module, name);
	if (!f)
		fprintf(stderr, "bulkhead: %s: the network module has no %s "
			"(built without it: meson -Dnet / -Dserve)\n", cmd, name);
	return f;
}

#if BH_HAVE_SERVE
int cmd_serve(int argc, char **argv)
{
	bhnet_serve_fn *serve = (bhnet_serve_fn *)cli_net_sym("serve",
							      "bhnet_serve");
	return serve ? serve(argc, argv) : 2;
}
#endif
