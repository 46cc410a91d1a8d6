/* SPDX-License-Identifier: Apache-2.0
 *
 * net_load.c - loads the network module bulkhead-net.so (src/cli/net.h)
 * for the two commands that need it, and `bulkhead serve`, which is the
 * module's bhnet_serve().  The module is looked for next to the running
 * binary (/proc/self/exe: the build tree), then in BIN/../lib/bulkhead/
 * (make install, the .deb).  A module missing, not loadable (a library
 * it needs is not installed) or of another bulkhead version is one line
 * naming its path, and the command exits 2.  So is one that someone
 * other than the binary's owner could have put there or replace: the
 * module (symbolic links resolved) must be a regular file owned by root,
 * the binary's owner or the user running bulkhead, not writable by every
 * user, in a directory of one of those owners that every user cannot
 * write to (or sticky, as /tmp): a binary copied to /tmp and run as root
 * does not load another user's /tmp/bulkhead-net.so.  Nothing else is loaded:
 * every other command starts without libcurl and the server's HTTP and
 * TLS libraries (libmicrohttpd and GnuTLS, or libevent and libssl)
 * (docs/decisions.md "The network module").
 * Tests: tests/suites/netmodule.sh.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Why the module at real path "path" is not trusted, or NULL: its file
 * or its directory is owned by someone other than root, the binary's
 * owner or the user running bulkhead, or writable by every user (the
 * directory: unless sticky). */
static const char *untrusted(const char *path, char *why, size_t size)
{
	struct stat sb, db, eb;
	if (stat("/proc/self/exe", &eb) != 0 || stat(path, &sb) != 0) {
		snprintf(why, size, "%s", strerror(errno));
		return why;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	if (stat(slash ? dir : ".", &db) != 0) {
		snprintf(why, size, "its directory: %s", strerror(errno));
		return why;
	}
	uid_t me = geteuid();
	if (!S_ISREG(sb.st_mode))
		return "not a regular file";
	if (sb.st_uid != 0 && sb.st_uid != me && sb.st_uid != eb.st_uid)
		snprintf(why, size, "owned by uid %lu, not by root, the "
			 "binary's owner or this user", (unsigned long)sb.st_uid);
	else if (sb.st_mode & S_IWOTH)
		snprintf(why, size, "writable by every user");
	else if (db.st_uid != 0 && db.st_uid != me && db.st_uid != eb.st_uid)
		snprintf(why, size, "its directory is owned by uid %lu, not by "
			 "root, the binary's owner or this user",
			 (unsigned long)db.st_uid);
	else if ((db.st_mode & S_IWOTH) && !(db.st_mode & S_ISVTX))
		snprintf(why, size, "its directory is writable by every user");
	else
		return NULL;
	return why;
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
	char real[PATH_MAX], why0[256];
	const char *bad = realpath(path, real) ? untrusted(real, why0,
							   sizeof(why0))
					       : strerror(errno);
	if (bad) {
		fprintf(stderr, "bulkhead: %s: %s: the network module is not "
			"loaded: %s (reinstall bulkhead)\n", cmd, shown, bad);
		return NULL;
	}
	void *h = dlopen(real, RTLD_NOW | RTLD_LOCAL);
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
